using Facet.Testing;

namespace Facet.Streaming.Tests.Processing;

/// <summary>
/// The consume loop prepares batch N+1 while batch N is written (issue 11). Batches close only by size here (a long
/// trigger), so the loop's position is known: after 2 × maxBatch messages it has prepared the second batch and waits.
/// </summary>
public sealed class PipelineTests(EmbeddedKafka kafka, PostgresDatabase postgres) : IClassFixture<EmbeddedKafka>, IClassFixture<PostgresDatabase>
{
    private const int MaxBatch = 500;
    private static readonly TimeSpan LongTrigger = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_next_batch_is_consumed_while_a_write_is_in_flight_and_every_event_still_lands_once()
    {
        var (topic, group, script) = await ProduceAsync("overlap");
        HeldWarehouse? held = null;
        await using var harness = await StreamProcessorHarness.StartAsync(postgres.ConnectionString, kafka.BootstrapServers, topic, group, null,
            maxBatch: MaxBatch, wrap: w => held = new HeldWarehouse(w), trigger: LongTrigger);

        // The first write is held: the loop must still read the whole second batch.
        await Eventually.Until(() => Task.FromResult(harness.Metrics.TotalConsumed), n => n >= 2 * MaxBatch, TimeSpan.FromSeconds(60), "the second batch to be consumed during the first write");
        Assert.Equal(0, harness.Metrics.TotalBatches);
        held!.Release();

        await AssertExactlyOnceAsync(harness, topic, group, script, "overlap");
    }

    [Fact]
    public async Task A_lost_acknowledgement_while_the_next_batch_is_prepared_neither_loses_nor_doubles()
    {
        var (topic, group, script) = await ProduceAsync("lostack");
        HeldWarehouse? held = null;
        await using var harness = await StreamProcessorHarness.StartAsync(postgres.ConnectionString, kafka.BootstrapServers, topic, group, null,
            maxBatch: MaxBatch, wrap: w => held = new HeldWarehouse(w) { LoseFirstAcknowledgement = true }, trigger: LongTrigger);

        // The first batch is committed but reported as failed only once the second one is prepared: the retry meets
        // a checkpoint conflict, and the prepared batch (computed against the old checkpoint) must be discarded.
        await Eventually.Until(() => Task.FromResult(harness.Metrics.TotalConsumed), n => n >= 2 * MaxBatch, TimeSpan.FromSeconds(60), "the second batch to be prepared");
        held!.Release();

        await AssertExactlyOnceAsync(harness, topic, group, script, "lostack");
        Assert.True(held.Writes >= 5, $"expected the failed write to be retried, saw {held.Writes} writes");
    }

    [Fact]
    public async Task A_stop_during_a_write_that_outlives_the_deadline_cancels_it_and_a_restart_loads_every_event_once()
    {
        var (topic, group, script) = await ProduceAsync("stall");
        StalledWarehouse? stalled = null;
        await using (var harness = await StreamProcessorHarness.StartAsync(postgres.ConnectionString, kafka.BootstrapServers, topic, group, null,
            maxBatch: MaxBatch, wrap: w => stalled = new StalledWarehouse(w), trigger: LongTrigger, shutdownFlushTimeout: TimeSpan.FromSeconds(1)))
        {
            // The first write never ends and the second batch is prepared: the loop waits for the write when the stop
            // comes. The stop must end anyway, at its deadline, with the write cancelled (it used to wait forever).
            await Eventually.Until(() => Task.FromResult(harness.Metrics.TotalConsumed), n => n >= 2 * MaxBatch, TimeSpan.FromSeconds(60), "the second batch to be consumed during the first write");
            var summary = await harness.StopAsync();
            Assert.Equal(0, summary.Batches);
            Assert.Equal(1, stalled!.Writes);
            Assert.Equal(1, stalled.Cancelled);
        }

        var probe = WarehouseProbe.Postgres(postgres.ConnectionString);
        Assert.Equal(0, await probe.CheckpointSumAsync(group, topic));

        // Nothing was lost: the next start reads every message again from the (empty) checkpoint.
        await using var restarted = await StreamProcessorHarness.StartAsync(postgres.ConnectionString, kafka.BootstrapServers, topic, group, null, maxBatch: MaxBatch);
        await AssertExactlyOnceAsync(restarted, topic, group, script, "stall");
    }

    [Fact]
    public async Task A_stop_whose_trailing_writes_meet_the_warehouse_down_ends_cleanly_and_loses_nothing()
    {
        var (topic, group, script) = await ProduceAsync("flushdown");
        FlushFailingWarehouse? failing = null;
        await using var harness = await StreamProcessorHarness.StartAsync(postgres.ConnectionString, kafka.BootstrapServers, topic, group, null,
            maxBatch: MaxBatch, wrap: w => failing = new FlushFailingWarehouse(w), trigger: TimeSpan.FromMilliseconds(200));

        // The batches are committed; the stop's flush of their trailing derived rows fails as if the warehouse went
        // down: the processor still stops (they stay pending for the next start's recovery), and every event is there.
        await AssertExactlyOnceAsync(harness, topic, group, script, "flushdown");
        Assert.Equal(1, failing!.Flushes);
    }

    private async Task<(string Topic, string Group, EventScript Script)> ProduceAsync(string seed)
    {
        var topic = kafka.CreateTopic(partitions: 1);
        var group = EmbeddedKafka.NewGroupId();
        var script = TestEvents.Script(4 * MaxBatch, seed: seed);
        await KafkaTestProducer.ProduceAsync(kafka.BootstrapServers, topic, script.Lines, partitions: 1);
        return (topic, group, script);
    }

    private async Task AssertExactlyOnceAsync(StreamProcessorHarness harness, string topic, string group, EventScript script, string seed)
    {
        var probe = WarehouseProbe.Postgres(postgres.ConnectionString);
        await Eventually.Until(() => probe.CheckpointSumAsync(group, topic), sum => sum == script.Lines.Count, TimeSpan.FromSeconds(60), "every message to be checkpointed");
        await harness.StopAsync();
        var prefix = $"evt-{seed}-";
        Assert.Equal(script.DistinctValidIds, await probe.ScalarAsync($"SELECT count(*) FROM fact_events WHERE event_id LIKE '{prefix}%'"));
        Assert.Equal(script.DistinctValidIds, await probe.ScalarAsync($"SELECT count(DISTINCT event_id) FROM fact_events WHERE event_id LIKE '{prefix}%'"));
        Assert.Equal(script.Malformed, await probe.ScalarAsync($"SELECT count(*) FROM bad_events WHERE source = '{topic}'"));
    }
}
