using System.Globalization;
using System.Text.Json;
using Facet.Core.Commerce;
using Facet.Storage;
using Facet.Testing;

namespace Facet.Cli.Tests.Commands;

/// <summary>
/// The commerce world generated to the embedded Kafka with Avro values on some topics (through Facet's registry) and
/// JSON on the others, then <c>facet run --streams commerce</c> with the matching <c>--value-format</c>: every table
/// and every bad_events count equals the generator's truth file.
/// </summary>
public sealed class CommerceAvroEndToEndTests
{
    private const string Start = "2026-11-20T00:00:00Z";
    private const string Formats = "transactions=avro,product_views=avro,click_stream=avro,customers=avro";

    [Fact]
    public async Task Generated_commerce_with_avro_topics_loads_through_facet_run_and_every_count_equals_the_truth()
    {
        // The commerce topics have fixed names: a cluster of this test's own keeps them empty.
        using var kafka = new EmbeddedKafka();
        using var temp = new TempDirectory();
        await using var registry = await SchemaRegistryHost.StartAsync(WarehouseLocation.Parse("duckdb:" + temp.File("registry.duckdb")));
        var truthPath = temp.File("truth.json");
        var (generated, _, generateError) = await FacetProcess.RunAsync(
            ["generate", "--dataset", "commerce", "--kafka", kafka.BootstrapServers, "--count", "4000", "--start", Start, "--customers", "120", "--products", "40",
             "--malformed", "0.03", "--duplicates", "0.02", "--late", "0.02", "--truth", truthPath, "--value-format", Formats, "--schema-registry", registry.ClientUrl],
            TimeSpan.FromSeconds(180));
        Assert.True(generated == 0, generateError);

        var warehousePath = temp.File("facet.duckdb");
        var (ran, output, runError) = await FacetProcess.RunAsync(
            ["run", "--streams", "commerce", "--value-format", Formats, "--schema-registry", registry.ClientUrl, "--kafka", kafka.BootstrapServers,
             "--warehouse", "duckdb:" + warehousePath, "--group", "e2e", "--stop-when-idle", "3s", "--log-level", "Warning"],
            TimeSpan.FromSeconds(240));
        Assert.True(ran == 0, runError);

        using var truth = JsonDocument.Parse(await File.ReadAllTextAsync(truthPath));
        var topics = truth.RootElement.GetProperty("topics");
        long Truth(string topic, string name) => topics.GetProperty(topic).GetProperty(name).GetInt64();
        using var summary = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        Assert.Equal(truth.RootElement.GetProperty("messages").GetInt64(), summary.RootElement.GetProperty("consumed").GetInt64());
        Assert.Equal(CommerceTopics.All.Sum(t => Truth(t, "rejected")), summary.RootElement.GetProperty("rejected").GetInt64());

        var probe = WarehouseProbe.DuckDb(warehousePath);
        foreach (var topic in CommerceTopics.All)
        {
            Assert.Equal(Truth(topic, "rejected"), await probe.ScalarAsync($"SELECT count(*) FROM bad_events WHERE source = '{topic}'"));
            foreach (var rejection in topics.GetProperty(topic).GetProperty("rejections").EnumerateObject())
            {
                Assert.True(rejection.Value.GetInt64() == await probe.ScalarAsync($"SELECT count(*) FROM bad_events WHERE source = '{topic}' AND reason_code = '{rejection.Name}'"), $"{topic} {rejection.Name}");
            }

            Assert.Equal(Truth(topic, "messages"), await probe.CheckpointSumAsync("e2e", topic));
        }

        // Avro's own fault: truncated bodies (the JSON topics' truncated messages are invalid_json).
        Assert.True(await probe.ScalarAsync("SELECT count(*) FROM bad_events WHERE reason_code = 'avro_truncated'") > 0);
        Assert.Equal(Truth(CommerceTopics.Transactions, "valid"), await probe.ScalarAsync("SELECT count(*) FROM fact_order"));
        Assert.Equal(Truth(CommerceTopics.Transactions, "lines"), await probe.ScalarAsync("SELECT count(*) FROM fact_order_line"));
        Assert.Equal(Truth(CommerceTopics.Transactions, "units"), await probe.ScalarAsync("SELECT CAST(sum(quantity) AS BIGINT) FROM fact_order_line"));
        Assert.Equal(Truth(CommerceTopics.Transactions, "total_mismatches"), await probe.ScalarAsync("SELECT count(*) FROM fact_order WHERE total_mismatch"));
        var amount = topics.GetProperty(CommerceTopics.Transactions).GetProperty("total_amount").GetDecimal();
        Assert.Equal((long)decimal.Round(amount * 100), await probe.ScalarAsync("SELECT CAST(round(sum(total_amount) * 100) AS BIGINT) FROM fact_order"));
        Assert.Equal(Truth(CommerceTopics.ProductViews, "valid"), await probe.ScalarAsync("SELECT count(*) FROM fact_product_view"));
        var seconds = topics.GetProperty(CommerceTopics.ProductViews).GetProperty("view_duration_seconds").GetDouble();
        Assert.Equal((long)Math.Round(seconds), await probe.ScalarAsync("SELECT CAST(round(sum(view_duration_seconds)) AS BIGINT) FROM fact_product_view"));
        Assert.Equal(Truth(CommerceTopics.UserInteractions, "valid"), await probe.ScalarAsync("SELECT count(*) FROM fact_user_interaction"));
        Assert.Equal(Truth(CommerceTopics.ClickStream, "valid"), await probe.ScalarAsync("SELECT count(*) FROM fact_click_event"));
        Assert.Equal(Truth(CommerceTopics.SystemLogs, "valid"), await probe.ScalarAsync("SELECT count(*) FROM fact_system_log"));
        var customers = await probe.ScalarAsync("SELECT count(*) FROM dim_commerce_customer WHERE NOT is_inferred");
        Assert.True(customers is > 100 and <= 120, customers.ToString(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("--streams,commerce,--value-format,xml", "facet: --value-format: 'xml' is not a value format: use json or avro (per stream: NAME=json|avro)")]
    [InlineData("--streams,commerce,--value-format,orders=avro", "facet: --value-format: unknown stream 'orders' in 'orders=avro'; known streams: clickstream, customers, products, transactions, product_views, user_interactions, click_stream, system_logs (commerce for all commerce streams)")]
    [InlineData("--streams,transactions,--value-format,customers=avro", "facet: --value-format: 'customers' is not among the selected streams (transactions): select it or drop 'customers=avro'")]
    [InlineData("--streams,clickstream,--value-format,clickstream=avro", "facet: --value-format: the clickstream stream is JSON only (no Avro schema); Avro applies to the commerce streams (customers, products, transactions, product_views, user_interactions, click_stream, system_logs)")]
    [InlineData("--streams,transactions,--value-format,avro", "facet: --value-format avro needs a schema registry: pass --schema-registry URL (or set FACET_SCHEMA_REGISTRY_URL); `facet schema-registry` serves one")]
    public async Task Run_with_a_bad_value_format_exits_2_with_one_line_naming_the_fix(string arguments, string expected)
    {
        using var temp = new TempDirectory();
        var (code, _, error) = await FacetProcess.RunAsync(
            ["run", "--kafka", "127.0.0.1:1", "--warehouse", "duckdb:" + temp.File("w.duckdb"), .. arguments.Split(',')],
            TimeSpan.FromSeconds(60),
            new Dictionary<string, string?> { ["FACET_SCHEMA_REGISTRY_URL"] = null });
        Assert.Equal(2, code);
        Assert.Equal(expected, error.Trim());
    }
}
