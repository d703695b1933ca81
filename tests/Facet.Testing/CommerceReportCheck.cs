using System.Globalization;
using System.Text.Json;
using Facet.Storage.Reports;
using Xunit;

namespace Facet.Testing;

/// <summary>
/// Runs every commerce report (issue 18's fifteen names, the time-bucketed ones by day and by hour) as a user does —
/// <c>facet report NAME --format json</c>, a child process per report — over a period, and asserts each equals
/// <see cref="ShopOracle"/>'s recount of <see cref="CommerceRecords"/>, cell by cell (numbers by value: the JSON of a
/// numeric(19, 4) keeps its scale). Used by the crash and re-import tests, where the warehouse was written by facet
/// processes that were killed and restarted.
/// </summary>
public static class CommerceReportCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>The reports and the oracle's recount of each; at least one must have rows, or the check proves nothing.</summary>
    public static async Task AssertEveryReportEqualsRecountAsync(string warehouse, CommerceRecords records, string tz, DateOnly from, DateOnly to, string because = "")
    {
        var oracle = new ShopOracle(records, tz, from, to);
        var period = new[] { "--from", Day(from), "--to", Day(to), "--tz", tz, "--format", "json", "--warehouse", warehouse };
        (string[] Args, List<ReportRow> Expected)[] reports =
        [
            (["revenue", "--source", "commerce", "--by", "day"], oracle.Revenue(byDay: true)),
            (["revenue", "--source", "commerce", "--by", "hour"], oracle.Revenue(byDay: false)),
            (["orders", "--by", "day"], oracle.OrdersReport(byDay: true)),
            (["orders", "--by", "hour"], oracle.OrdersReport(byDay: false)),
            (["top-products-by-revenue", "--source", "commerce"], oracle.TopProductsByRevenue()),
            (["top-products-by-units"], oracle.TopProductsByUnits()),
            (["top-categories"], oracle.TopCategories(byUnits: false)),
            (["top-categories", "--by-units"], oracle.TopCategories(byUnits: true)),
            (["payment-methods"], oracle.PaymentMethods()),
            (["promos"], oracle.Promos()),
            (["customer-demographics"], oracle.Demographics()),
            (["new-vs-returning"], oracle.NewVsReturning()),
            (["traffic-sources"], oracle.TrafficSources()),
            (["session-events"], oracle.SessionEvents()),
            (["device-types"], oracle.DeviceTypes()),
            (["view-duration"], oracle.ViewDuration()),
            (["ratings"], oracle.Ratings()),
            (["log-errors", "--by", "day"], oracle.LogErrors(byDay: true)),
        ];
        Assert.Contains(reports, r => r.Expected.Count > 0);
        foreach (var (args, expected) in reports)
        {
            var (code, output, error) = await FacetProcess.RunAsync(["report", .. args, .. period], Timeout);
            var name = string.Join(' ', args);
            Assert.True(code == 0, $"facet report {name} exited {code}: {error}");
            using var json = JsonDocument.Parse(output);
            var actual = json.RootElement.EnumerateArray().Select(r => r.EnumerateObject().Select(p => p.Value.Clone()).ToList()).ToList();
            Assert.True(Same(expected, actual), $"facet report {name}{because}:\nexpected {string.Join("\n         ", expected)}\nactual   {string.Join("\n         ", actual.Select(r => "[" + string.Join(", ", r) + "]"))}");
        }
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool Same(List<ReportRow> expected, List<List<JsonElement>> actual) =>
        expected.Count == actual.Count && expected.Zip(actual).All(pair =>
            pair.First.Values.Count == pair.Second.Count && pair.First.Values.Zip(pair.Second).All(cell => SameCell(cell.First, cell.Second)));

    private static bool SameCell(object? expected, JsonElement actual) => expected switch
    {
        null => actual.ValueKind == JsonValueKind.Null,
        string s => actual.ValueKind == JsonValueKind.String && actual.GetString() == s,
        int i => actual.ValueKind == JsonValueKind.Number && actual.TryGetInt64(out var n) && n == i,
        long l => actual.ValueKind == JsonValueKind.Number && actual.TryGetInt64(out var n) && n == l,
        decimal m => actual.ValueKind == JsonValueKind.Number && actual.TryGetDecimal(out var d) && d == m,
        double x => actual.ValueKind == JsonValueKind.Number && actual.GetDouble().Equals(x),
        _ => actual.ToString() == Convert.ToString(expected, CultureInfo.InvariantCulture),
    };
}
