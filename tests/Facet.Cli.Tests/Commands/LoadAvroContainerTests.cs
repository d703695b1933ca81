using System.Text.Json;
using Avro;
using Avro.File;
using Avro.Generic;
using Facet.Core.Commerce;
using Facet.Simulation.Commerce;
using Facet.Streaming.Avro.Commerce;
using Facet.Testing;

namespace Facet.Cli.Tests.Commands;

/// <summary>
/// <c>facet load --value-format avro</c> (issue 17): Avro object container files of a commerce stream load through the
/// stream's JSON rules, once, with per-record checkpoints; a file that is not such a container is a one-line usage error.
/// </summary>
public sealed class LoadAvroContainerTests
{
    [Fact]
    public async Task An_avro_container_of_orders_loads_once_and_its_malformed_records_are_rejected_with_the_generators_codes()
    {
        using var directory = new TempDirectory();
        var file = directory.File("transactions.avro");
        var generator = new CommerceGenerator(new CommerceGeneratorOptions { Seed = 23, Customers = 60, Products = 25, Malformed = 0.08 });
        var written = new List<CommerceItem>();
        var schema = CommerceAvroRecords.SchemaOf(CommerceTopics.Transactions);
        using (var writer = DataFileWriter<GenericRecord>.OpenWriter(new GenericDatumWriter<GenericRecord>(schema), file))
        {
            while (written.Count < 400)
            {
                var item = generator.Next();
                if (item.Topic != CommerceTopics.Transactions || item.Truncate || item.Kind is not (CommerceItemKind.Valid or CommerceItemKind.Malformed))
                {
                    continue;
                }

                GenericRecord record;
                try
                {
                    record = CommerceAvroRecords.ToAvro(item.Record);
                }
                catch (Exception ex) when (ex is AvroException or InvalidCastException or FormatException or ArgumentException)
                {
                    continue; // a fault Avro's types cannot even express
                }

                writer.Append(record);
                written.Add(item);
            }
        }

        var malformed = written.Where(i => i.Kind == CommerceItemKind.Malformed).ToList();
        Assert.NotEmpty(malformed);
        var orders = written.Where(i => i.Kind == CommerceItemKind.Valid).Select(i => ((Order)i.Record).OrderId).Distinct(StringComparer.Ordinal).Count();
        var warehouse = "duckdb:" + directory.File("avro.duckdb");

        var (code, output, error) = await FacetProcess.RunAsync(
            ["load", file, "--stream", "transactions", "--value-format", "avro", "--warehouse", warehouse, "--max-batch", "150", "--no-progress"], TimeSpan.FromSeconds(180));
        Assert.True(code == 0, error);
        using (var first = JsonDocument.Parse(output))
        {
            Assert.Equal(written.Count, first.RootElement.GetProperty("lines").GetInt64());
            Assert.Equal(malformed.Count, first.RootElement.GetProperty("rejected").GetInt64());
        }

        var probe = WarehouseProbe.DuckDb(directory.File("avro.duckdb"));
        Assert.Equal(orders, await probe.ScalarAsync("SELECT count(*) FROM fact_order"));
        foreach (var group in malformed.GroupBy(i => i.RejectionCode))
        {
            Assert.Equal(group.Count(), await probe.ScalarAsync($"SELECT count(*) FROM bad_events WHERE reason_code = '{group.Key}'"));
        }

        // Loaded again: every record is behind the file's checkpoint.
        (code, output, error) = await FacetProcess.RunAsync(
            ["load", file, "--stream", "transactions", "--value-format", "avro", "--warehouse", warehouse, "--no-progress"], TimeSpan.FromSeconds(180));
        Assert.True(code == 0, error);
        using (var second = JsonDocument.Parse(output))
        {
            Assert.Equal(written.Count, second.RootElement.GetProperty("skipped_lines").GetInt64());
            Assert.Equal(0, second.RootElement.GetProperty("rejected").GetInt64());
        }

        Assert.Equal(orders, await probe.ScalarAsync("SELECT count(*) FROM fact_order"));
        Assert.Equal(malformed.Count, await probe.BadEventsAsync());
    }

    [Theory]
    [InlineData("transactions", "avro", "is not an Avro object container file of transactions records")]
    [InlineData("clickstream", "avro", "--value-format avro reads the commerce streams' Avro container files")]
    [InlineData("transactions", "xml", "--value-format must be json or avro (got 'xml')")]
    public async Task Files_that_are_not_avro_containers_of_the_stream_are_a_one_line_usage_error(string stream, string format, string message)
    {
        using var directory = new TempDirectory();
        var file = directory.File("orders.ndjson");
        await File.WriteAllTextAsync(file, "{\"transaction_id\":\"t1\"}\n");
        var (code, _, error) = await FacetProcess.RunAsync(
            ["load", file, "--stream", stream, "--value-format", format, "--warehouse", "duckdb:" + directory.File("w.duckdb")], TimeSpan.FromSeconds(60));

        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(File.Exists(directory.File("w.duckdb")));
    }
}
