using System.Text.Json;
using Facet.Testing;

namespace Facet.Cli.Tests.Commands;

/// <summary>
/// <c>facet import csv</c> as a user runs it, on each backend (<see cref="DuckDbImportCsvCommandTests"/>,
/// <see cref="PostgresImportCsvCommandTests"/>): warehouse counts and order totals against an independent recount of
/// the files and the generator's truth; re-import; malformed rows; a SIGKILL mid-file and the resume.
/// </summary>
public abstract class ImportCsvCommandTests : IDisposable
{
    protected const string Start = "2026-11-20T00:00:00Z";

    private const string TransactionHeader = "created_at,customer_id,booking_id,session_id,product_metadata,payment_method,payment_status,promo_amount,promo_code,shipment_fee,shipment_date_limit,shipment_location_lat,shipment_location_long,total_amount";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    protected TempDirectory Directory { get; } = new();

    /// <summary>A new, empty warehouse: a probe of it (and its --warehouse argument).</summary>
    protected abstract Task<WarehouseProbe> CreateEmptyWarehouseAsync();

    private async Task<WarehouseProbe> CreateWarehouseAsync()
    {
        var probe = await CreateEmptyWarehouseAsync();
        var (code, _, error) = await FacetProcess.RunAsync(["db", "migrate", "--warehouse", probe.WarehouseArgument], Timeout);
        Assert.True(code == 0, error);
        return probe;
    }

    [Fact]
    public async Task A_generated_world_imports_to_the_recount_of_its_files_and_its_truth_and_a_second_import_loads_nothing()
    {
        var probe = await CreateWarehouseAsync();
        var world = await GenerateAsync(20_000);

        var (code, output, error) = await FacetProcess.RunAsync(["import", "csv", "--dataset", "commerce", world, "--warehouse", probe.WarehouseArgument, "--max-batch", "3000"], Timeout);

        Assert.True(code == 0, error);
        var results = Results(output);
        Assert.Equal(4, results.Count);
        Assert.All(results, r => Assert.False(r.GetProperty("already_imported").GetBoolean()));
        await AssertWarehouseEqualsRecountAsync(probe, world);

        (code, output, error) = await FacetProcess.RunAsync(["import", "csv", "--dataset", "commerce", world, "--warehouse", probe.WarehouseArgument], Timeout);

        Assert.True(code == 0, error);
        Assert.All(Results(output), r =>
        {
            Assert.True(r.GetProperty("already_imported").GetBoolean());
            Assert.Equal(0, r.GetProperty("inserted").GetInt64());
        });
        Assert.Contains("was imported before (same path, size and content): nothing loaded", error, StringComparison.Ordinal);
        await AssertWarehouseEqualsRecountAsync(probe, world);
    }

    [Fact]
    public async Task Malformed_rows_go_to_bad_events_with_their_line_numbers_reasons_and_raw_text_and_the_rest_is_loaded()
    {
        var probe = await CreateWarehouseAsync();
        string Row(string booking, string metadata) =>
            $"2018-07-29T15:22:01.458193Z,5868,{booking},3abaa6ce-e320-4e51-9469-d9f3fa328e86,\"{metadata}\",Debit Card,Success,0,,10000,2018-08-03T04:53:55.458193Z,-8.2274,111.9690,50000";
        const string Good = "[{'product_id': 54728, 'quantity': 2, 'item_price': 20000}]";
        var badLiteral = Row("b-2", "[{'product_id': 54728, 'quantity': 2 'item_price': 20000}]");
        var negative = Row("b-3", "[{'product_id': 54728, 'quantity': -2, 'item_price': 20000}]");
        var missingId = Row(string.Empty, Good);
        var brokenQuote = "2018-07-29T15:22:01Z,5868,b-5,s-1,\"[{'product_id': 1, 'quantity': 1, 'item_price': 1}],Debit Card,Success,0,,0,,,,1";
        var file = Directory.File("transactions.csv");
        await File.WriteAllTextAsync(file, string.Join('\n', TransactionHeader, Row("b-1", Good), badLiteral, negative, "", missingId, brokenQuote, Row("b-6", Good), Row("b-7", Good)) + "\n");

        var (code, output, error) = await FacetProcess.RunAsync(["import", "csv", "--dataset", "commerce", file, "--warehouse", probe.WarehouseArgument], Timeout);

        Assert.True(code == 0, error);
        var result = Assert.Single(Results(output));
        Assert.Equal((3L, 4L), (result.GetProperty("inserted").GetInt64(), result.GetProperty("rejected").GetInt64()));
        Assert.Equal(3, await probe.ScalarAsync("SELECT count(*) FROM fact_order WHERE order_id IN ('b-1', 'b-6', 'b-7')"));
        Assert.Equal(3, await probe.ScalarAsync("SELECT count(*) FROM fact_order"));
        (long Line, string Reason, string Raw)[] expected =
        [
            (3, "invalid_metadata", badLiteral), (4, "negative_quantity", negative), (6, "missing_id", missingId), (7, "malformed_row", brokenQuote),
        ];
        foreach (var (line, reason, raw) in expected)
        {
            // The raw text itself is compared by the reader's unit tests; here its length in bytes, the same SQL on both backends.
            var stored = await probe.ScalarAsync($"SELECT count(*) FROM bad_events WHERE source = '{file}' AND source_offset = {line} AND reason_code = '{reason}' AND octet_length(raw) = {System.Text.Encoding.UTF8.GetByteCount(raw)}");
            Assert.True(stored == 1, $"line {line}: no bad event {reason} with the raw row");
        }

        Assert.Equal(4, await probe.BadEventsAsync());
    }

    [Fact]
    public async Task An_import_killed_mid_file_resumes_at_its_last_committed_row_with_nothing_lost_or_doubled()
    {
        var probe = await CreateWarehouseAsync();
        var world = await GenerateAsync(40_000);
        var clicks = Path.Combine(world, "click_stream.csv");

        await using (var facet = FacetProcess.Start(["import", "csv", "--dataset", "commerce", world, "--warehouse", probe.WarehouseArgument, "--max-batch", "400", "--log-level", "Debug"]))
        {
            await facet.WaitForLineAsync(l => l.Contains("click_stream.csv: loaded through line", StringComparison.Ordinal), Timeout);
            facet.Signal(9);
            await facet.WaitForExitAsync(Timeout);
        }

        var checkpoint = await probe.ScalarAsync($"SELECT next_offset FROM stream_checkpoints WHERE consumer_group = 'facet-import-csv' AND topic LIKE 'csv:{clicks}#%'");
        Assert.InRange(checkpoint, 402, long.MaxValue - 1);

        var (code, output, error) = await FacetProcess.RunAsync(["import", "csv", "--dataset", "commerce", world, "--warehouse", probe.WarehouseArgument, "--max-batch", "400"], Timeout);

        Assert.True(code == 0, error);
        var resumed = Results(output).Single(r => r.GetProperty("file").GetString() == clicks);
        Assert.Equal(checkpoint, resumed.GetProperty("resumed_at_line").GetInt64());
        await AssertWarehouseEqualsRecountAsync(probe, world);
    }

    [Fact]
    public async Task A_file_whose_header_names_no_entity_exits_2_naming_the_file_before_loading_anything()
    {
        var probe = await CreateWarehouseAsync();
        var world = await GenerateAsync(2_000);
        var other = Directory.File("other.csv");
        await File.WriteAllTextAsync(other, "a,b,c\n1,2,3\n");

        var (code, _, error) = await FacetProcess.RunAsync(["import", "csv", "--dataset", "commerce", world, other, "--warehouse", probe.WarehouseArgument], Timeout);

        Assert.Equal(2, code);
        Assert.Contains($"cannot tell from its header which of Shape B's files '{other}' is", error, StringComparison.Ordinal);
        Assert.Equal(0, await probe.ScalarAsync("SELECT count(*) FROM fact_click_event"));
    }

    public void Dispose()
    {
        Directory.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task<string> GenerateAsync(int count)
    {
        var world = Directory.File("world");
        var (code, _, error) = await FacetProcess.RunAsync(["generate", "--dataset", "commerce", "--format", "csv", "--out", world, "--count", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "--start", Start, "--malformed", "0.02", "--duplicates", "0.01", "--truth", world + ".truth.json"], Timeout);
        Assert.True(code == 0, error);
        return world;
    }

    private static List<JsonElement> Results(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    private static async Task AssertWarehouseEqualsRecountAsync(WarehouseProbe probe, string world)
    {
        var recount = ShapeBRecount.Of(world);
        var truth = CommerceTruthFile.Read(world + ".truth.json");
        foreach (var (file, topic) in new[] { ("customer.csv", "customers"), ("product.csv", "products"), ("transactions.csv", "transactions"), ("click_stream.csv", "click_stream") })
        {
            var (valid, rejected) = recount.Rows[file];
            Assert.Equal(truth.Count(topic, "accepted"), valid);
            Assert.Equal(truth.Count(topic, "rejected"), rejected);
            Assert.Equal(rejected, await probe.ScalarAsync($"SELECT count(*) FROM bad_events WHERE source = '{Path.Combine(world, file)}'"));
        }

        var orderLines = recount.Orders.Values.Sum(o => (long)o.Lines);
        var units = recount.Orders.Values.Sum(o => o.Units);
        var total = recount.Orders.Values.Sum(o => o.Total);
        Assert.Equal((truth.Count("transactions", "lines"), truth.Count("transactions", "units"), truth.OrderTotal("transactions")), (orderLines, units, total));

        Assert.Equal(recount.CustomerIds.Count, await probe.ScalarAsync("SELECT count(*) FROM dim_commerce_customer WHERE NOT is_inferred"));
        Assert.Equal(recount.ProductIds.Count, await probe.ScalarAsync("SELECT count(*) FROM dim_commerce_product WHERE NOT is_inferred"));
        Assert.Equal(recount.Orders.Count, await probe.ScalarAsync("SELECT count(*) FROM fact_order"));
        Assert.Equal(orderLines, await probe.ScalarAsync("SELECT count(*) FROM fact_order_line"));
        Assert.Equal(units, await probe.ScalarAsync("SELECT CAST(sum(quantity) AS BIGINT) FROM fact_order_line"));
        Assert.Equal((long)total, await probe.ScalarAsync("SELECT CAST(sum(total_amount) AS BIGINT) FROM fact_order"));
        Assert.Equal(recount.ClickEventIds.Count, await probe.ScalarAsync("SELECT count(*) FROM fact_click_event"));
    }
}
