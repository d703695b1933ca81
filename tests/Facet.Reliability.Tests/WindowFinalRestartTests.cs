using System.Globalization;
using System.Text;
using Facet.Core.Commerce;
using Facet.Reliability.Tests.Fixtures;
using Facet.Storage;
using Facet.Storage.Reports;
using Facet.Testing;

namespace Facet.Reliability.Tests;

/// <summary>
/// Issue 19, a restart after the watermark passed a window: <c>facet run --streams product_views</c> fills the
/// 10:00–11:00 window of the built-in final-mode <c>product_views_analysis</c> (1 h watermark delay, no allowed
/// lateness, late events counted), then views at 12:30 on every partition move the watermark to 11:30 and the window
/// turns final; the run is killed with SIGKILL. A new run then gets late views for that window (new ids, one of a
/// product the window has no row for), copies of views it already holds, and views for the open 11:00 window. The final
/// window's rows are not written again (same values, revisions and last update), no row is added for it, the late views
/// are counted in its late-events row exactly, the copies count nowhere, and the open window takes its views.
/// Deterministic whatever the batching: each phase is produced only after the one before was committed, so every
/// event meets a known watermark (none during the first phase can pass 11:00; 11:30 from the second on).
/// </summary>
public abstract class WindowFinalRestartTests(EmbeddedKafka kafka) : IClassFixture<EmbeddedKafka>, IDisposable
{
    private const int Partitions = 4;
    private const string Definition = "product_views_analysis";
    private static readonly DateTime Hour = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(90);

    protected TempDirectory Directory { get; } = new();

    protected abstract WarehouseProbe CreateEmptyWarehouse();

    [Fact]
    public async Task A_final_window_is_not_rewritten_after_a_restart_and_its_late_events_are_counted_exactly()
    {
        var probe = CreateEmptyWarehouse();
        var warehouse = probe.WarehouseArgument;
        var bootstrap = kafka.BootstrapServers;
        await FacetRun.MigrateAsync(warehouse);
        kafka.Cluster.CreateTopic(CommerceTopics.ProductViews, Partitions);
        string[] run = ["run", "--streams", "product_views", "--kafka", bootstrap, "--group", "window-restart", "--warehouse", warehouse,
            "--trigger", "200ms", "--max-batch", "5", "--kafka-config", "session.timeout.ms=6000", "--kafka-config", "heartbeat.interval.ms=500"];

        // 24 views in 10:00–11:00 over four products (six each) and the four partitions, then once they are committed,
        // one view at 12:30 per partition: the watermark becomes 12:30 − 1 h = 11:30, past the window's end.
        var onTime = Enumerable.Range(0, 24).Select(i => View($"a{i}", $"p{i % 4}", Hour.AddSeconds(150 * i))).ToList();
        var advance = Enumerable.Range(0, Partitions).Select(p => View($"b{p}", "p9", Hour.AddMinutes(150))).ToList();
        var (first, port) = await MetricsRun.StartAsync(run, Stall);
        await using (first)
        {
            await KafkaTestProducer.ProduceAsync(bootstrap, CommerceTopics.ProductViews, onTime, Partitions);
            await Progress.UntilAsync(() => CommittedAsync(port), n => n >= onTime.Count, Stall, "the on-time views", first);
            await KafkaTestProducer.ProduceAsync(bootstrap, CommerceTopics.ProductViews, advance, Partitions);
            await Progress.UntilAsync(() => CommittedAsync(port), n => n >= onTime.Count + advance.Count, Stall, "the views that move the watermark", first);
            first.Signal(9);
            await first.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        var watermark = Hour.AddMinutes(90);
        var before = await WindowsAsync(warehouse);
        Assert.Equal(watermark, before.Watermark);
        Assert.Equal(
            ["2026-11-20T10:00|[\"p0\"]|6|final", "2026-11-20T10:00|[\"p1\"]|6|final", "2026-11-20T10:00|[\"p2\"]|6|final", "2026-11-20T10:00|[\"p3\"]|6|final"],
            before.Rows.Select(Published).ToList());
        Assert.Empty(before.Late);
        var stateBefore = await StateAsync(probe);

        // After the restart: 7 late views for the final window (p0 and a product it has no row for), copies of six views
        // it holds (not new: they count nowhere), and 3 views of the open 11:00–12:00 window.
        var late = Enumerable.Range(0, 7).Select(i => View($"late{i}", i % 2 == 0 ? "p0" : "p7", Hour.AddMinutes(10 + (5 * i)))).ToList();
        var copies = onTime.Take(6).ToList();
        var open = Enumerable.Range(0, 3).Select(i => View($"c{i}", "p1", Hour.AddMinutes(95 + (5 * i)))).ToList();
        (var second, port) = await MetricsRun.StartAsync(run, Stall);
        await using (second)
        {
            await KafkaTestProducer.ProduceAsync(bootstrap, CommerceTopics.ProductViews, [.. late, .. copies, .. open], Partitions);
            await Progress.UntilAsync(() => CommittedAsync(port), n => n >= late.Count + copies.Count + open.Count, Stall, "the views after the restart", second);
            Assert.Equal(0, await FacetRun.StopAsync(second));
        }

        var after = await WindowsAsync(warehouse);
        Assert.Equal(watermark, after.Watermark);
        Assert.Equal(before.Rows.Select(Published), after.Rows.Select(Published));
        Assert.Equal(before.Rows.Select(static r => (r.Revisions, r.LateRevisions, r.LastUpdatedAt)), after.Rows.Select(static r => (r.Revisions, r.LateRevisions, r.LastUpdatedAt)));
        var lateRow = Assert.Single(after.Late);
        Assert.Equal((Hour, 7L, 0L), (lateRow.WindowStart, lateRow.LateCount, lateRow.AppliedCount));
        Assert.Equal(5, lateRow.Examples.Count);
        Assert.Subset(late.Select(static v => IdOf(v)).ToHashSet(StringComparer.Ordinal), lateRow.Examples.ToHashSet(StringComparer.Ordinal));

        // The state rows the final window had are exactly as before; only the open 11:00 window was added.
        var stateAfter = await StateAsync(probe);
        Assert.Equal(stateBefore, stateAfter.Where(r => stateBefore.Any(b => b.Key == r.Key)).ToList());
        var added = Assert.Single(stateAfter, r => stateBefore.All(b => b.Key != r.Key));
        Assert.EndsWith("|[\"p1\"]", added.Key, StringComparison.Ordinal);
        Assert.Matches(@"^3\|[123]\|0\|False\|", added.Value);
        // Late views are stored as facts like any other (only the window counts them apart); copies are not.
        Assert.Equal(onTime.Count + advance.Count + late.Count + open.Count, await probe.ScalarAsync("SELECT count(*) FROM fact_product_view"));
        Assert.Equal(0, await probe.BadEventsAsync());
    }

    public void Dispose()
    {
        Directory.Dispose();
        GC.SuppressFinalize(this);
    }

    private static byte[] View(string id, string product, DateTime at) => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
        $$"""{"view_id":"{{id}}","customer_id":"c-{{id}}","product_id":"{{product}}","timestamp":"{{at:yyyy-MM-ddTHH:mm:ss}}Z","view_duration":30,"session_id":"s-{{id}}"}"""));

    private static string IdOf(byte[] view) => System.Text.Json.JsonDocument.Parse(view).RootElement.GetProperty("view_id").GetString()!;

    private static string Published(Facet.Storage.Windows.WindowRow row) =>
        $"{row.WindowStart:yyyy-MM-ddTHH:mm}|{System.Text.Json.JsonSerializer.Serialize(row.Key)}|{row.Values["total_views"]}|{(row.IsFinal ? "final" : "open")}";

    private static async Task<Facet.Storage.Windows.WindowView> WindowsAsync(string warehouse)
    {
        await using var reports = ReportService.Open(WarehouseLocation.Parse(warehouse));
        return await reports.ReadWindowsAsync(WindowReplay.Definition(Definition), null, null);
    }

    /// <summary>
    /// Every window row of the definition as "start|key" → "views|revisions|late revisions|final|last update" (the
    /// warehouse's own text for times: compared with itself only).
    /// </summary>
    private static async Task<List<KeyValuePair<string, string>>> StateAsync(WarehouseProbe probe) =>
        [.. (await probe.QueryAsync(
            "SELECT CAST(s.window_start AS VARCHAR), s.window_key, a.value_count, s.revisions, s.late_revisions, s.is_final, CAST(s.last_updated_at AS VARCHAR) " +
            $"FROM window_state s JOIN window_aggregate a ON a.definition = s.definition AND a.window_start = s.window_start AND a.window_key = s.window_key WHERE s.definition = '{Definition}' AND a.aggregate = 'total_views'"))
            .Select(static r => new KeyValuePair<string, string>($"{r[0]}|{r[1]}", string.Create(CultureInfo.InvariantCulture, $"{r[2]}|{r[3]}|{r[4]}|{r[5]}|{r[6]}")))
            .OrderBy(static p => p.Key, StringComparer.Ordinal)];

    /// <summary>Accepted product views in the batches the running facet committed so far, new or not (0 until its metrics endpoint answers).</summary>
    private static async Task<long> CommittedAsync(int port)
    {
        try
        {
            var samples = await PrometheusScrape.ScrapeAsync(port);
            return (long)samples.Where(static s => s.Name == "facet_events_accepted_total").Sum(static s => s.Value);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }
}
