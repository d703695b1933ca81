using System.Globalization;
using System.Text;

namespace Facet.Testing;

/// <summary>
/// Small, readable Glamira-style event lines for tests that need exact expectations (the generator makes realistic
/// volume; these make known content): valid events with chosen ids and times, and malformed lines.
/// </summary>
public static class TestEvents
{
    public const string ChromeWindows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    public const string Googlebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

    public static string ViewProductDetail(string id, DateTimeOffset time, string productId = "110474", string store = "glamira.de", string ip = "8.8.8.8", string userAgent = ChromeWindows, string referrer = "https://www.google.com/")
    {
        var ts = time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var local = time.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        return "{\"_id\":\"5ed8cb2bc671fc36b74653ad\",\"time_stamp\":" + ts + ",\"ip\":\"" + ip + "\",\"user_agent\":\"" + userAgent +
               "\",\"resolution\":\"1920x1080\",\"user_id_db\":\"\",\"device_id\":\"0b3e9f5a-7a1d-4c1e-9a7e-" + id.GetHashCode(StringComparison.Ordinal).ToString("x8", CultureInfo.InvariantCulture) + "abcd" +
               "\",\"api_version\":\"1.0\",\"store_id\":\"12\",\"local_time\":\"" + local + "\",\"show_recommendation\":\"false\",\"current_url\":\"https://www." + store +
               "/glamira-ring-saphira-skug100335.html?alloy=white-375\",\"referrer_url\":\"" + referrer + "\",\"email_address\":\"\",\"recommendation\":false,\"utm_source\":false,\"utm_medium\":false,\"collection\":\"view_product_detail\",\"product_id\":\"" +
               productId + "\",\"option\":[{\"option_label\":\"alloy\",\"option_id\":\"332084\",\"value_label\":\"\",\"value_id\":\"3279318\"}],\"id\":\"" + id + "\"}";
    }

    /// <summary><paramref name="count"/> lines: valid events with ids "evt-{seed}-{i}", every <paramref name="duplicateEvery"/>th re-sending an earlier id and every <paramref name="malformedEvery"/>th broken.</summary>
    public static EventScript Script(int count, string seed, int duplicateEvery = 50, int malformedEvery = 97, DateTimeOffset? start = null)
    {
        var t0 = start ?? new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
        var lines = new List<byte[]>(count);
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        var malformed = 0;
        for (var i = 0; i < count; i++)
        {
            if (malformedEvery > 0 && i % malformedEvery == malformedEvery - 1)
            {
                lines.Add(Encoding.UTF8.GetBytes("{\"id\":\"broken-" + seed + "-" + i.ToString(CultureInfo.InvariantCulture) + "\",\"collection\":"));
                malformed++;
                continue;
            }

            // A duplicate re-sends the id of line i/2 (a new id when that line was malformed: the set counts it).
            var id = duplicateEvery > 0 && i % duplicateEvery == duplicateEvery - 1 && i > 0
                ? $"evt-{seed}-{i / 2}"
                : $"evt-{seed}-{i}";
            distinct.Add(id);
            lines.Add(Encoding.UTF8.GetBytes(ViewProductDetail(id, t0.AddSeconds(i % 7200), productId: (100000 + (i % 37)).ToString(CultureInfo.InvariantCulture))));
        }

        return new EventScript(lines, distinct.Count, malformed);
    }
}
