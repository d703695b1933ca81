using Facet.Streaming.Processing;
using Facet.Testing;
using Npgsql;

namespace Facet.Streaming.Tests.Processing;

public sealed class StreamProcessorTests(EmbeddedKafka kafka, PostgresDatabase postgres) : IClassFixture<EmbeddedKafka>, IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Every_distinct_valid_event_lands_once_and_every_malformed_message_in_bad_events_on_PostgreSQL()
    {
        var topic = kafka.CreateTopic(partitions: 3);
        var group = EmbeddedKafka.NewGroupId();
        var script = TestEvents.Script(3000, seed: "pg");
        await KafkaTestProducer.ProduceAsync(kafka.BootstrapServers, topic, script.Lines, partitions: 3);

        StreamRunSummary summary;
        await using (var harness = await StreamProcessorHarness.StartAsync(postgres.ConnectionString, kafka.BootstrapServers, topic, group, Idle))
        {
            summary = await harness.Run!.WaitAsync(TimeSpan.FromSeconds(90));
        }

        var probe = WarehouseProbe.Postgres(postgres.ConnectionString);
        Assert.Equal(script.Lines.Count, summary.Consumed);
        Assert.Equal(script.DistinctValidIds, await probe.ScalarAsync("SELECT count(*) FROM fact_events WHERE event_id LIKE 'evt-pg-%'"));
        Assert.Equal(script.DistinctValidIds, await probe.ScalarAsync("SELECT count(DISTINCT event_id) FROM fact_events WHERE event_id LIKE 'evt-pg-%'"));
        Assert.Equal(script.Malformed, await probe.ScalarAsync($"SELECT count(*) FROM bad_events WHERE source = '{topic}'"));
        Assert.Equal(script.Lines.Count, await probe.CheckpointSumAsync(group, topic));
    }

    [Fact]
    public async Task Every_distinct_valid_event_lands_once_on_DuckDB()
    {
        using var directory = new TempDirectory();
        var path = directory.File("facet.duckdb");
        var topic = kafka.CreateTopic(partitions: 2);
        var group = EmbeddedKafka.NewGroupId();
        var script = TestEvents.Script(2000, seed: "duck");
        await KafkaTestProducer.ProduceAsync(kafka.BootstrapServers, topic, script.Lines, partitions: 2);

        await using (var harness = await StreamProcessorHarness.StartAsync("duckdb:" + path, kafka.BootstrapServers, topic, group, Idle))
        {
            await harness.Run!.WaitAsync(TimeSpan.FromSeconds(90));
        }

        var probe = WarehouseProbe.DuckDb(path);
        Assert.Equal(script.DistinctValidIds, await probe.FactsAsync());
        Assert.Equal(script.Malformed, await probe.BadEventsAsync());
        Assert.Equal(script.Lines.Count, await probe.CheckpointSumAsync(group, topic));
    }

    [Fact]
    public async Task A_restart_resumes_from_the_warehouse_checkpoint_and_loads_nothing_twice()
    {
        var topic = kafka.CreateTopic(partitions: 2);
        var group = EmbeddedKafka.NewGroupId();
        var first = TestEvents.Script(1500, seed: "restart-a");
        var second = TestEvents.Script(1500, seed: "restart-b");
        await KafkaTestProducer.ProduceAsync(kafka.BootstrapServers, topic, first.Lines, partitions: 2);
        await using (var harness = await StreamProcessorHarness.StartAsync(postgres.ConnectionString, kafka.BootstrapServers, topic, group, Idle))
        {
            var summary = await harness.Run!.WaitAsync(TimeSpan.FromSeconds(90));
            Assert.Equal(first.Lines.Count, summary.Consumed);
        }

        await KafkaTestProducer.ProduceAsync(kafka.BootstrapServers, topic, second.Lines, partitions: 2, offset: first.Lines.Count);
        await using (var harness = await StreamProcessorHarness.StartAsync(postgres.ConnectionString, kafka.BootstrapServers, topic, group, Idle))
        {
            var summary = await harness.Run!.WaitAsync(TimeSpan.FromSeconds(90));
            Assert.Equal(second.Lines.Count, summary.Consumed);
        }

        var probe = WarehouseProbe.Postgres(postgres.ConnectionString);
        Assert.Equal(first.Lines.Count + second.Lines.Count, await probe.CheckpointSumAsync(group, topic));
        Assert.Equal(first.DistinctValidIds + second.DistinctValidIds, await probe.ScalarAsync($"SELECT count(*) FROM fact_events WHERE event_id LIKE 'evt-restart-%'"));
    }

    [Fact]
    public async Task Warehouse_connections_killed_mid_run_are_retried_without_loss_or_duplicates()
    {
        var topic = kafka.CreateTopic(partitions: 6);
        var group = EmbeddedKafka.NewGroupId();
        var script = TestEvents.Script(12_000, seed: "kill");
        await using var harness = await StreamProcessorHarness.StartAsync(postgres.ConnectionString, kafka.BootstrapServers, topic, group, stopWhenIdle: null, maxBatch: 500);
        var produce = KafkaTestProducer.ProduceAsync(kafka.BootstrapServers, topic, script.Lines, partitions: 6);

        // Terminate every other connection to this database, repeatedly, while batches are being written.
        await using (var admin = new NpgsqlConnection(postgres.ConnectionString))
        {
            await admin.OpenAsync();
            var kills = 0;
            while (harness.Metrics.TotalConsumed < script.Lines.Count && kills < 40)
            {
                await using var kill = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", admin);
                kills += Convert.ToInt32(await kill.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
                await Task.Delay(150);
            }

            Assert.True(kills > 0, "no warehouse connection was ever terminated: the test proved nothing");
        }

        await produce;
        await Eventually.Until(() => WarehouseProbe.Postgres(postgres.ConnectionString).CheckpointSumAsync(group, topic), sum => sum == script.Lines.Count, TimeSpan.FromSeconds(90), "every message to be checkpointed");
        await harness.StopAsync();

        var probe = WarehouseProbe.Postgres(postgres.ConnectionString);
        Assert.Equal(script.DistinctValidIds, await probe.ScalarAsync("SELECT count(*) FROM fact_events WHERE event_id LIKE 'evt-kill-%'"));
        Assert.Equal(script.Malformed, await probe.ScalarAsync($"SELECT count(*) FROM bad_events WHERE source = '{topic}'"));
    }

    [Fact]
    public async Task A_broker_down_for_seconds_delays_but_neither_loses_nor_doubles()
    {
        using var cluster = Facet.Simulation.Embedded.EmbeddedKafkaCluster.Start();
        cluster.CreateTopic("down", 2);
        var group = EmbeddedKafka.NewGroupId();
        var first = TestEvents.Script(2000, seed: "down-a");
        var second = TestEvents.Script(2000, seed: "down-b");
        await using var harness = await StreamProcessorHarness.StartAsync(postgres.ConnectionString, cluster.BootstrapServers, "down", group, stopWhenIdle: null);
        await KafkaTestProducer.ProduceAsync(cluster.BootstrapServers, "down", first.Lines, partitions: 2);
        await Eventually.Until(() => Task.FromResult(harness.Metrics.TotalConsumed), c => c >= first.Lines.Count / 2, TimeSpan.FromSeconds(60), "consumption to start");

        cluster.SetBrokerDown(1);
        await Task.Delay(TimeSpan.FromSeconds(5)); // the outage itself is what is being tested
        cluster.SetBrokerUp(1);

        await KafkaTestProducer.ProduceAsync(cluster.BootstrapServers, "down", second.Lines, partitions: 2, offset: first.Lines.Count);
        await Eventually.Until(() => WarehouseProbe.Postgres(postgres.ConnectionString).CheckpointSumAsync(group, "down"), sum => sum == first.Lines.Count + second.Lines.Count, TimeSpan.FromSeconds(90), "every message to be checkpointed");
        await harness.StopAsync();

        var probe = WarehouseProbe.Postgres(postgres.ConnectionString);
        Assert.Equal(first.DistinctValidIds + second.DistinctValidIds, await probe.ScalarAsync("SELECT count(*) FROM fact_events WHERE event_id LIKE 'evt-down-%'"));
    }

    [Fact]
    public async Task Consumers_joining_and_leaving_the_group_load_every_event_exactly_once()
    {
        var topic = kafka.CreateTopic(partitions: 6);
        var group = EmbeddedKafka.NewGroupId();
        var script = TestEvents.Script(18_000, seed: "group");
        var thirds = script.Lines.Chunk(6000).ToArray();

        await using var a = await StreamProcessorHarness.StartAsync(postgres.ConnectionString, kafka.BootstrapServers, topic, group, null, maxBatch: 500);
        await using var b = await StreamProcessorHarness.StartAsync(postgres.ConnectionString, kafka.BootstrapServers, topic, group, null, maxBatch: 500);
        await KafkaTestProducer.ProduceAsync(kafka.BootstrapServers, topic, thirds[0], partitions: 6);

        await using (var c = await StreamProcessorHarness.StartAsync(postgres.ConnectionString, kafka.BootstrapServers, topic, group, null, maxBatch: 500))
        {
            await KafkaTestProducer.ProduceAsync(kafka.BootstrapServers, topic, thirds[1], partitions: 6, offset: 6000);
            await Eventually.Until(() => Task.FromResult(c.Metrics.TotalBatches), n => n > 0, TimeSpan.FromSeconds(60), "the third member to commit a batch");
            await c.StopAsync();
        }

        await KafkaTestProducer.ProduceAsync(kafka.BootstrapServers, topic, thirds[2], partitions: 6, offset: 12_000);
        await Eventually.Until(() => WarehouseProbe.Postgres(postgres.ConnectionString).CheckpointSumAsync(group, topic), sum => sum == script.Lines.Count, TimeSpan.FromSeconds(120), "every message to be checkpointed");
        await a.StopAsync();
        await b.StopAsync();

        var probe = WarehouseProbe.Postgres(postgres.ConnectionString);
        Assert.Equal(script.DistinctValidIds, await probe.ScalarAsync("SELECT count(*) FROM fact_events WHERE event_id LIKE 'evt-group-%'"));
        Assert.Equal(script.Malformed, await probe.ScalarAsync($"SELECT count(*) FROM bad_events WHERE source = '{topic}'"));
    }
}
