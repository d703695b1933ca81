using System.Globalization;
using System.Text;
using Facet.Testing;

namespace Facet.Reliability.Tests.Fixtures;

/// <summary>One hostile message: a name for messages, its bytes, and the event id it carries when it should be stored.</summary>
public sealed record HostileMessage(string Name, byte[] Bytes, string? StoredId, string? RejectedAs);

/// <summary>
/// Messages built to break a parser, a loader or a database: deep nesting, huge strings, invalid UTF-8, NUL bytes, huge
/// numbers, duplicate keys, SQL metacharacters in every string field, control characters, long URLs and UAs, IPv6 zone ids.
/// Each says what must happen: stored under its id (verbatim), or rejected with a reason code (null = any reason).
/// </summary>
public static class HostileInput
{
    /// <summary>Length of the largest string stored through Kafka: under the default ~1 MB message limit with the rest of the event.</summary>
    public const int LargeStoredChars = 980_000;

    public const string Sql = "'); DROP TABLE fact_events; --";

    /// <summary>The fact_events text columns that keep a field as sent, each filled with <see cref="Sql"/> plus the field name.</summary>
    public static readonly string[] SqlFields = ["device_id", "resolution", "api_version", "key_search", "order_id", "cat_id", "collect_id"];

    private static readonly DateTimeOffset Time = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A valid view_product_detail line with id <paramref name="id"/> and <paramref name="fields"/> replacing or adding raw JSON members.</summary>
    public static string Event(string id, params (string Name, string RawJson)[] fields)
    {
        var line = TestEvents.ViewProductDetail(id, Time);
        var builder = new StringBuilder(line.Length + 256);
        builder.Append(line, 0, line.Length - 1);
        foreach (var (name, raw) in fields)
        {
            // Replace a member the template has (the parser would reject a second one as duplicate_field), else add it.
            var marker = "\"" + name + "\":";
            var at = builder.ToString().IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                var text = builder.ToString();
                var end = ValueEnd(text, at + marker.Length);
                builder.Clear().Append(text, 0, at + marker.Length).Append(raw).Append(text, end, text.Length - end);
            }
            else
            {
                builder.Append(",\"").Append(name).Append("\":").Append(raw);
            }
        }

        return builder.Append('}').ToString();
    }

    /// <summary>The messages for <c>facet run</c>: everything but the 10 MB string and the 100,000-level nesting, which go through validate (Kafka's message size limit).</summary>
    public static IReadOnlyList<HostileMessage> ForKafka(string prefix) => Build(prefix, largeBytes: 900_000, deepLevels: 100_000 / 4);

    /// <summary>The messages for <c>facet validate</c>, with a 10 MB string and 100,000 levels of nesting.</summary>
    public static IReadOnlyList<HostileMessage> ForValidate(string prefix) => Build(prefix, largeBytes: 10 * 1024 * 1024, deepLevels: 100_000);

    private static IReadOnlyList<HostileMessage> Build(string prefix, int largeBytes, int deepLevels)
    {
        var list = new List<HostileMessage>();
        void Stored(string name, string line, string id) => list.Add(new(name, Encoding.UTF8.GetBytes(line), id, null));
        void Rejected(string name, byte[] bytes, string? code) => list.Add(new(name, bytes, null, code));

        var sqlFields = SqlFields.Select(f => (f, Json(Sql + " " + f))).ToList();
        sqlFields.Add(("user_id_db", Json(Sql + " user_id_db")));
        sqlFields.Add(("utm_source", Json(Sql + " utm_source")));
        sqlFields.Add(("utm_medium", Json(Sql + " utm_medium")));
        sqlFields.Add(("_id", Json(Sql + " _id")));
        sqlFields.Add(("current_url", Json("https://www.glamira.de/glamira-ring-saphira-skug100335.html?q=" + Uri.EscapeDataString(Sql) + "&utm_campaign=" + Uri.EscapeDataString(Sql))));
        sqlFields.Add(("referrer_url", Json("https://www.google.com/search?q=" + Sql)));
        sqlFields.Add(("user_agent", Json(Sql + " Mozilla/5.0")));
        sqlFields.Add(("email_address", Json("x'); DROP TABLE dim_customer; --@example.com")));
        sqlFields.Add(("unmodelled_field", Json(Sql)));
        Stored("sql metacharacters in every string field", Event(prefix + "-sql", [.. sqlFields]), prefix + "-sql");
        // Ids are 1-128 printable ASCII characters without spaces: this one is refused (invalid_id) and kept raw.
        Rejected("sql metacharacters in the id", Encoding.UTF8.GetBytes(Event(Sql + " " + prefix)), "invalid_id");
        Stored("sql metacharacters in an id without spaces", Event("');DROP-TABLE-fact_events;--" + prefix), "');DROP-TABLE-fact_events;--" + prefix);

        var control = string.Concat(Enumerable.Range(1, 31).Select(c => (char)c)) + "\u007f\u2028\u2029";
        Stored("control characters (escaped) in strings", Event(prefix + "-control", ("key_search", Json(control)), ("device_id", Json("dev" + control))), prefix + "-control");
        Stored("very long URL", Event(prefix + "-long-url", ("current_url", Json("https://www.glamira.de/glamira-ring-saphira-skug100335.html?x=" + new string('a', 200_000)))), prefix + "-long-url");
        Stored("very long user agent", Event(prefix + "-long-ua", ("user_agent", Json("Mozilla/5.0 (Windows NT 10.0; Win64; x64) " + string.Concat(Enumerable.Repeat("AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 ", 2_000))))), prefix + "-long-ua");
        Stored("IPv6 with a zone id", Event(prefix + "-ipv6-zone", ("ip", Json("fe80::1ff:fe23:4567:890a%eth0"))), prefix + "-ipv6-zone");
        Stored("IPv6 with a numeric zone id", Event(prefix + "-ipv6-zone2", ("ip", Json("fe80::1%25"))), prefix + "-ipv6-zone2");
        Stored("1e999 in an unmodelled field", Event(prefix + "-huge-extra", ("some_number", "1e999")), prefix + "-huge-extra");
        Stored($"a {LargeStoredChars / 1000} kB string in key_search", Event(prefix + "-large", ("key_search", Json(new string('x', LargeStoredChars)))), prefix + "-large");
        Stored("unicode, emoji and RTL text", Event(prefix + "-unicode", ("key_search", Json("nhẫn cưới 💍 \u202Eabc 日本語"))), prefix + "-unicode");

        Rejected("1e999 as time_stamp", Encoding.UTF8.GetBytes(Event(prefix + "-huge-ts", ("time_stamp", "1e999"))), null);
        Rejected("-1e999 as time_stamp", Encoding.UTF8.GetBytes(Event(prefix + "-huge-neg-ts", ("time_stamp", "-1e999"))), null);
        Rejected("duplicate id keys", Encoding.UTF8.GetBytes(Event(prefix + "-dup-a").TrimEnd('}') + ",\"id\":\"" + prefix + "-dup-b\"}"), null);
        Rejected("an escaped NUL in device_id", Encoding.UTF8.GetBytes(Event(prefix + "-nul-escaped", ("device_id", "\"a\\u0000b\""))), null);
        Rejected("1e999999 in an unmodelled field (beyond PostgreSQL numeric)", Encoding.UTF8.GetBytes(Event(prefix + "-huger-extra", ("some_number", "1e999999"))), "invalid_value");
        Rejected("a lone surrogate escape in an unmodelled field", Encoding.UTF8.GetBytes(Event(prefix + "-surrogate-extra", ("other", "\"\\udc00\""))), "invalid_value");
        Rejected("an escaped NUL in an unmodelled field", Encoding.UTF8.GetBytes(Event(prefix + "-nul-extra", ("other", "\"a\\u0000b\""))), "contains_nul");
        var rawNul = Encoding.UTF8.GetBytes(Event(prefix + "-nul-raw", ("key_search", "\"a_b\"")));
        rawNul[Array.IndexOf(rawNul, (byte)'_', rawNul.Length - 40)] = 0;
        Rejected("a raw NUL byte in a string", rawNul, null);
        var badUtf8 = Encoding.UTF8.GetBytes(Event(prefix + "-utf8", ("key_search", "\"a__b\"")));
        var u = Array.IndexOf(badUtf8, (byte)'_', badUtf8.Length - 40);
        badUtf8[u] = 0xC3;
        badUtf8[u + 1] = 0x28;
        Rejected("invalid UTF-8 (0xC3 0x28)", badUtf8, null);
        Rejected("a lone surrogate escape", Encoding.UTF8.GetBytes(Event(prefix + "-surrogate", ("key_search", "\"\\uD800\""))), null);
        Rejected($"{deepLevels} levels of nesting", Encoding.UTF8.GetBytes("{\"id\":\"" + prefix + "-deep\",\"x\":" + new string('[', deepLevels) + new string(']', deepLevels) + "}"), null);
        if (largeBytes > 1_000_000)
        {
            Rejected($"a {largeBytes / (1024 * 1024)} MB string", Encoding.UTF8.GetBytes(Event(prefix + "-huge", ("key_search", Json(new string('y', largeBytes))))), null);
        }

        return list;
    }

    private static string Json(string value) => System.Text.Json.JsonSerializer.Serialize(value);

    // End of a JSON value starting at `start` in a flat template line: a string, or a scalar/array up to the next top-level comma.
    private static int ValueEnd(string text, int start)
    {
        if (text[start] == '"')
        {
            var i = start + 1;
            while (text[i] != '"')
            {
                i += text[i] == '\\' ? 2 : 1;
            }

            return i + 1;
        }

        var depth = 0;
        for (var i = start; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '[' or '{':
                    depth++;
                    break;
                case ']' or '}' when depth > 0:
                    depth--;
                    break;
                case ',' or '}' when depth == 0:
                    return i;
            }
        }

        return text.Length;
    }

    public static string Describe(IEnumerable<HostileMessage> messages) => string.Join(", ", messages.Select(m => m.Name));

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
