using System.Text.Json;
using Facet.Reliability.Tests.Fixtures;
using Facet.Testing;
using Npgsql;

namespace Facet.Reliability.Tests;

public sealed class HostileInputTests(EmbeddedKafka kafka, PostgresDatabase postgres) : IClassFixture<EmbeddedKafka>, IClassFixture<PostgresDatabase>
{
    // A .NET CLI process with the enrichment data mapped idles at ~100-200 MB; a parser that buffered a 10 MB line
    // several times over, or recursed 100,000 levels, would go far beyond (or crash).
    private const long MaxPeakRssBytes = 400L * 1024 * 1024;

    [Fact]
    public async Task Validate_survives_every_hostile_line_in_bounded_memory_and_reports_each_rejection_with_its_reason()
    {
        using var directory = new TempDirectory();
        var messages = HostileInput.ForValidate("validate");
        var input = directory.File("hostile.ndjson");
        await using (var file = File.Create(input))
        {
            foreach (var message in messages)
            {
                await file.WriteAsync(message.Bytes);
                file.WriteByte((byte)'\n');
            }
        }

        var rejects = directory.File("rejects.ndjson");
        await using var validate = FacetProcess.Start(["validate", input, "--rejects", rejects]);
        await using var memory = PeakMemory.Watch(validate.Id);
        var code = await validate.WaitForExitAsync(TimeSpan.FromSeconds(120));
        var peak = memory.PeakBytes;

        Assert.True(code == 0, $"facet validate exited {code}: {validate.StandardError}");
        Assert.True(peak is > 0 and < MaxPeakRssBytes, $"peak RSS {peak / (1024 * 1024)} MB (limit {MaxPeakRssBytes / (1024 * 1024)} MB)");
        using var summary = JsonDocument.Parse(validate.StandardOutput);
        Assert.Equal(messages.Count, summary.RootElement.GetProperty("total").GetInt32());
        Assert.Equal(messages.Count(m => m.StoredId is not null), summary.RootElement.GetProperty("accepted").GetInt32());

        var rejected = File.ReadAllLines(rejects).Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(e => e.GetProperty("line").GetInt64());
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            var line = i + 1;
            if (message.StoredId is not null)
            {
                Assert.False(rejected.ContainsKey(line), $"'{message.Name}' was rejected: {(rejected.TryGetValue(line, out var r) ? r.GetRawText() : "")}");
            }
            else
            {
                Assert.True(rejected.TryGetValue(line, out var rejection), $"'{message.Name}' was accepted");
                Assert.False(string.IsNullOrWhiteSpace(rejection.GetProperty("code").GetString()), $"'{message.Name}' has no reason code");
                Assert.True(message.RejectedAs is null || message.RejectedAs == rejection.GetProperty("code").GetString(), $"'{message.Name}' was rejected as {rejection.GetProperty("code")}, expected {message.RejectedAs}");
                Assert.False(string.IsNullOrWhiteSpace(rejection.GetProperty("message").GetString()), $"'{message.Name}' has no reason message");
            }
        }
    }

    [Fact]
    public async Task Run_stores_each_hostile_message_verbatim_or_in_bad_events_with_its_reason_and_SQL_strings_round_trip()
    {
        await FacetRun.MigrateAsync(postgres.ConnectionString);
        var topic = kafka.CreateTopic(partitions: 1, prefix: "hostile");
        var group = EmbeddedKafka.NewGroupId();
        var messages = HostileInput.ForKafka("run");
        await ProduceLargeAsync(kafka.BootstrapServers, topic, messages.Select(m => m.Bytes));

        await using var run = FacetProcess.Start(FacetRun.Arguments(kafka.BootstrapServers, topic, group, postgres.ConnectionString, maxBatch: 5));
        await using var memory = PeakMemory.Watch(run.Id);
        var warehouse = postgres.ConnectionString;
        await Progress.UntilAsync(
            () => WarehouseAudit.ScalarAsync(warehouse, $"SELECT coalesce(sum(next_offset), 0) FROM stream_checkpoints WHERE topic = '{topic}'"),
            n => n == messages.Count, TimeSpan.FromSeconds(90), "every hostile message to be checkpointed", run);
        Assert.Equal(0, await FacetRun.StopAsync(run));
        Assert.True(memory.PeakBytes is > 0 and < MaxPeakRssBytes, $"peak RSS {memory.PeakBytes / (1024 * 1024)} MB");

        await using var connection = new NpgsqlConnection(warehouse);
        await connection.OpenAsync();
        for (var offset = 0; offset < messages.Count; offset++)
        {
            var message = messages[offset];
            await using var bad = new NpgsqlCommand("SELECT reason_code, raw FROM bad_events WHERE source = @t AND source_offset = @o", connection);
            bad.Parameters.AddWithValue("t", topic);
            bad.Parameters.AddWithValue("o", (long)offset);
            await using var reader = await bad.ExecuteReaderAsync();
            var isBad = await reader.ReadAsync();
            if (message.StoredId is null)
            {
                Assert.True(isBad, $"'{message.Name}' is not in bad_events");
                Assert.False(string.IsNullOrWhiteSpace(reader.GetString(0)), $"'{message.Name}' has no reason");
                Assert.True(message.RejectedAs is null || message.RejectedAs == reader.GetString(0), $"'{message.Name}' was rejected as {reader.GetString(0)}, expected {message.RejectedAs}");
                Assert.Equal(message.Bytes, (byte[])reader[1]);
            }
            else
            {
                Assert.False(isBad, $"'{message.Name}' went to bad_events as {(isBad ? reader.GetString(0) : "")}");
            }
        }

        foreach (var message in messages.Where(m => m.StoredId is not null))
        {
            await using var count = new NpgsqlCommand("SELECT count(*) FROM fact_events WHERE event_id = @id", connection);
            count.Parameters.AddWithValue("id", message.StoredId!);
            Assert.True((long)(await count.ExecuteScalarAsync())! == 1, $"'{message.Name}' is not stored once");
        }

        // The SQL strings came back unchanged, and the tables they name are still there.
        var sqlId = "run-sql";
        foreach (var field in HostileInput.SqlFields)
        {
            await using var read = new NpgsqlCommand($"SELECT {field} FROM fact_events WHERE event_id = @id", connection);
            read.Parameters.AddWithValue("id", sqlId);
            Assert.Equal(HostileInput.Sql + " " + field, (string?)await read.ExecuteScalarAsync());
        }

        await using (var extra = new NpgsqlCommand("SELECT extra->>'unmodelled_field', utm_source, utm_medium, source_doc_id FROM fact_events WHERE event_id = @id", connection))
        {
            extra.Parameters.AddWithValue("id", sqlId);
            await using var reader = await extra.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(HostileInput.Sql, reader.GetString(0));
            Assert.Equal(HostileInput.Sql + " utm_source", reader.GetString(1));
            Assert.Equal(HostileInput.Sql + " utm_medium", reader.GetString(2));
            Assert.Equal(HostileInput.Sql + " _id", reader.GetString(3));
        }

        await using (var customer = new NpgsqlCommand("SELECT c.user_id_db, c.device_id FROM fact_events f JOIN dim_customer c ON c.customer_key = f.customer_key WHERE f.event_id = @id", connection))
        {
            customer.Parameters.AddWithValue("id", sqlId);
            await using var reader = await customer.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(HostileInput.Sql + " user_id_db", reader.GetString(0));
            Assert.Equal(HostileInput.Sql + " device_id", reader.GetString(1));
        }

        var control = string.Concat(Enumerable.Range(1, 31).Select(c => (char)c)) + "\u007f\u2028\u2029";
        await using (var read = new NpgsqlCommand("SELECT key_search FROM fact_events WHERE event_id = 'run-control'", connection))
        {
            Assert.Equal(control, (string?)await read.ExecuteScalarAsync());
        }

        await using (var read = new NpgsqlCommand("SELECT length(key_search) FROM fact_events WHERE event_id = 'run-large'", connection))
        {
            Assert.Equal(HostileInput.LargeStoredChars, (int)(await read.ExecuteScalarAsync())!);
        }

        Assert.Equal(2, await WarehouseAudit.ScalarAsync(warehouse, "SELECT count(*) FROM pg_tables WHERE tablename IN ('fact_events', 'dim_customer')"));
    }

    private static async Task ProduceLargeAsync(string bootstrap, string topic, IEnumerable<byte[]> values)
    {
        // Kafka's default message limit is ~1 MB on the producer (message.max.bytes) and the broker; the largest
        // hostile message here stays under it, so it travels with default broker settings.
        using var producer = new Confluent.Kafka.ProducerBuilder<Confluent.Kafka.Null, byte[]>(new Confluent.Kafka.ProducerConfig
        {
            BootstrapServers = bootstrap,
            EnableIdempotence = true,
            MessageMaxBytes = 1_048_576,
        }).Build();
        foreach (var value in values)
        {
            var result = await producer.ProduceAsync(new Confluent.Kafka.TopicPartition(topic, 0), new Confluent.Kafka.Message<Confluent.Kafka.Null, byte[]> { Value = value });
            Assert.Equal(Confluent.Kafka.PersistenceStatus.Persisted, result.Status);
        }
    }
}
