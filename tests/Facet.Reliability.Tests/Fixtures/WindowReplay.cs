using System.Text.Json;
using Facet.Storage;
using Facet.Storage.Reports;
using Facet.Storage.Windows;
using Facet.Testing;

namespace Facet.Reliability.Tests.Fixtures;

/// <summary>
/// Recomputes the built-in windows over the fact streams from the broker's records (<see cref="WindowedTopicRecount"/>)
/// with <see cref="WindowOracle"/>, in the batches the warehouse committed them in, and compares every published row,
/// late count and watermark with what the warehouse holds.
/// <para>
/// Why the batches: the watermark moves per batch and an event is judged against the one committed before its batch,
/// so with Kafka (batch boundaries differ run to run, and every kill and restart cuts new ones) which events are late
/// depends on where the batches fell. The warehouse records that with no help from the window engine: each fact row's
/// <c>loaded_at</c> is its batch transaction's time, the <c>committed_at</c> of the batch's row in
/// <c>pipeline_batches</c>, whose <c>batch_id</c> is drawn inside the transaction after the window step, so it orders
/// the batches as their window steps ran (one write in flight per worker; across workers the window step is
/// serialized). Replaying the broker's records grouped by batch in that order gives the oracle the exact sequence the
/// engine saw, so everything the engine computes — aggregates, revisions, late revisions, final flags, late counts and
/// the watermark — must match exactly, whatever the batching was. A lost or doubled contribution, a watermark committed
/// without its batch (or a batch without its watermark), a window marked final too early or never, or a late event
/// judged against the wrong watermark shows as a difference.
/// </para>
/// No duplicates may be in the input: a duplicate on another partition moves that partition's watermark input in a
/// batch the warehouse keeps no trace of (it stores nothing). The customer and product windows are not replayed for
/// the same reason: a versioned dimension keeps only its newest version's batch.
/// </summary>
public static class WindowReplay
{
    /// <summary>The built-in definitions over fact streams (product views and orders), whose batches the warehouse records.</summary>
    public static IReadOnlyList<string> Checked { get; } = ["product_views_analysis", "sales_analysis", "revenue_5m"];

    public static WindowDefinition Definition(string name) => WindowDefinitions.BuiltIn.Single(d => d.Name == name);

    /// <summary>The oracles of <see cref="Checked"/>, fed the broker's records in the warehouse's batches.</summary>
    public static async Task<Dictionary<string, WindowOracle>> ReplayAsync(WarehouseProbe probe, WindowedTopicRecount recount)
    {
        var oracles = new Dictionary<string, WindowOracle>(StringComparer.Ordinal)
        {
            ["product_views_analysis"] = new(Definition("product_views_analysis"), static r => new Dictionary<string, object?>
            {
                ["total_views"] = null,
                ["average_view_duration"] = r.Fields["view_duration"],
            }),
            ["sales_analysis"] = new(Definition("sales_analysis"), static r => new Dictionary<string, object?>
            {
                ["number_of_sales"] = null,
                ["total_quantity_sold"] = r.Fields["quantity"],
                ["unique_customers"] = r.Fields["customer_id"],
            }),
            ["revenue_5m"] = new(Definition("revenue_5m"), static r => new Dictionary<string, object?>
            {
                ["orders"] = null,
                ["revenue"] = r.Fields["total_amount"],
                ["average_order_value"] = r.Fields["total_amount"],
            }),
        };

        foreach (var batch in await BatchesAsync(probe, "fact_product_view", "view_id", recount.Views))
        {
            oracles["product_views_analysis"].Batch([.. batch.Select(id => recount.Views[id])]);
        }

        foreach (var batch in await BatchesAsync(probe, "fact_order", "order_id", recount.Orders))
        {
            oracles["sales_analysis"].Batch([.. batch.Select(id => recount.OrderLines[id])]);
            oracles["revenue_5m"].Batch([.. batch.Select(id => recount.Orders[id])]);
        }

        return oracles;
    }

    /// <summary>Every published row, late count and example, and the watermark of each oracle's definition equal the oracle's.</summary>
    public static async Task AssertWarehouseEqualsAsync(string warehouse, IReadOnlyDictionary<string, WindowOracle> oracles, string because)
    {
        await using var reports = ReportService.Open(WarehouseLocation.Parse(warehouse));
        var stored = (await reports.ListWindowsAsync()).ToDictionary(static s => s.Definition.Name, StringComparer.Ordinal);
        foreach (var (name, oracle) in oracles)
        {
            var view = await reports.ReadWindowsAsync(Definition(name), null, null);
            var expected = oracle.Expected();
            var actual = view.Rows.Select(static r => WindowOracle.Line(r.WindowStart, JsonSerializer.Serialize(r.Key), r.Values, r.Revisions, r.LateRevisions, r.IsFinal)).ToList();
            Assert.True(expected.Count > 5, $"{name}: the input should fill several windows (got {expected.Count})");
            var missing = expected.Except(actual, StringComparer.Ordinal).Take(5).ToList();
            var extra = actual.Except(expected, StringComparer.Ordinal).Take(5).ToList();
            Assert.True(missing.Count == 0 && extra.Count == 0 && expected.Count == actual.Count,
                $"{name}: {actual.Count} rows, the oracle {expected.Count}{because}\nexpected, not found:\n  {string.Join("\n  ", missing)}\nfound, not expected:\n  {string.Join("\n  ", extra)}");
            Assert.Equal((name, TruncateToMicroseconds(oracle.Watermark)), (name, stored[name].Watermark));
            Assert.Equal((name, string.Join(", ", oracle.ExpectedLate())), (name, string.Join(", ", view.Late.Select(static l => $"{l.WindowStart:yyyy-MM-ddTHH:mm}|{l.LateCount}|{l.AppliedCount}"))));
            foreach (var late in view.Late)
            {
                Assert.Equal((int)Math.Min(5, late.LateCount), late.Examples.Count);
                Assert.Subset(oracle.LateIds(late.WindowStart), new HashSet<string>(late.Examples, StringComparer.Ordinal));
            }
        }
    }

    // The warehouse keeps times to the microsecond (both backends), the broker's records to the tick.
    private static DateTime? TruncateToMicroseconds(DateTime? time) => time is { } t ? new DateTime(t.Ticks - (t.Ticks % 10), DateTimeKind.Utc) : null;

    /// <summary>Ids per committed batch in commit order; every record of <paramref name="records"/> stored exactly once, nothing else.</summary>
    private static async Task<List<List<string>>> BatchesAsync(WarehouseProbe probe, string table, string id, IReadOnlyDictionary<string, OracleRecord> records)
    {
        var rows = await probe.QueryAsync($"SELECT f.{id}, b.batch_id FROM {table} f LEFT JOIN pipeline_batches b ON b.committed_at = f.loaded_at");
        var ids = rows.Select(static r => (string)r[0]!).ToList();
        Assert.Equal(records.Count, ids.Count);
        Assert.Empty(ids.Where(i => !records.ContainsKey(i)).Take(5));
        Assert.Empty(rows.Where(static r => r[1] is null or DBNull).Select(static r => r[0]).Take(5));
        return [.. rows.GroupBy(static r => Convert.ToInt64(r[1], System.Globalization.CultureInfo.InvariantCulture)).OrderBy(static g => g.Key).Select(static g => g.Select(static r => (string)r[0]!).ToList())];
    }
}
