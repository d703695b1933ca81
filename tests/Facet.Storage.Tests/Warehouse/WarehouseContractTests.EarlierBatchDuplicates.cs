using Facet.Core.Enrichment;
using Facet.Core.Streams;
using Facet.Storage.Internal;
using Facet.Storage.Streams;

namespace Facet.Storage.Tests.Warehouse;

/// <summary>
/// Duplicates of a recent batch's events are dropped when their batch is prepared (RecentFactKeys), and only when that
/// batch committed: whatever order batches are prepared, written, dropped or rolled back in, every event is stored
/// once, on every backend.
/// </summary>
public abstract partial class WarehouseContractTests
{
    private static StreamRows<EnrichedEvent> PrepareAhead(IWarehouse w, params EnrichedEvent[] events) =>
        w.Writer<EnrichedEvent>(StreamNames.Clickstream).Prepare(events);

    [Fact]
    public async Task A_duplicate_of_the_batch_before_is_counted_as_a_duplicate_and_stored_once()
    {
        var w = await OpenAsync();
        await w.WriteBatchAsync(TestEvents.Batch(TestEvents.At("a", 0), TestEvents.At("b", 1)), CancellationToken.None);

        Assert.Equal(new BatchWriteResult(1, 2, 0), await w.WriteBatchAsync(TestEvents.Batch(TestEvents.At("b", 1), TestEvents.At("c", 2), TestEvents.At("b", 1)), CancellationToken.None));
        Assert.Equal(3, await CountAsync(w, "fact_events"));
        await AssertRollupsEqualRecountAsync(w);
    }

    [Fact]
    public async Task A_duplicate_of_a_batch_prepared_but_never_written_is_stored()
    {
        var w = await OpenAsync();
        // Prepared, then dropped (its partitions revoked): its events are not stored, so they are no duplicates.
        var dropped = PrepareAhead(w, TestEvents.At("x", 0), TestEvents.At("y", 1));

        Assert.Equal(new BatchWriteResult(2, 0, 0), await w.WriteBatchAsync(TestEvents.Batch(TestEvents.At("x", 0), TestEvents.At("z", 2)), CancellationToken.None));
        Assert.Equal(new BatchWriteResult(1, 1, 0), await w.WriteBatchAsync(new WarehouseBatch([dropped], [], []), CancellationToken.None));
        Assert.Equal(3, await CountAsync(w, "fact_events"));
        await AssertRollupsEqualRecountAsync(w);
    }

    [Fact]
    public async Task A_duplicate_of_a_batch_whose_transaction_rolled_back_is_stored()
    {
        var w = await OpenAsync();
        await w.WriteBatchAsync(WarehouseBatch.Clickstream([TestEvents.At("seed", 0)], [], [new("g", "events", 0, -1, 10)]), CancellationToken.None);
        await Assert.ThrowsAsync<CheckpointConflictException>(() =>
            w.WriteBatchAsync(WarehouseBatch.Clickstream([TestEvents.At("x", 1), TestEvents.At("y", 2)], [], [new("g", "events", 0, 5, 12)]), CancellationToken.None));

        Assert.Equal(new BatchWriteResult(2, 0, 0), await w.WriteBatchAsync(WarehouseBatch.Clickstream([TestEvents.At("y", 2), TestEvents.At("x", 1)], [], [new("g", "events", 0, 10, 12)]), CancellationToken.None));
        Assert.Equal(3, await CountAsync(w, "fact_events"));
        await AssertRollupsEqualRecountAsync(w);
    }

    [Fact]
    public async Task Batches_prepared_ahead_store_each_event_once_whichever_is_written_first()
    {
        // In preparation order: the second drops y as the first's, which holds only once the first committed.
        var inOrder = await OpenAsync();
        var first = PrepareAhead(inOrder, TestEvents.At("x", 0), TestEvents.At("y", 1));
        var second = PrepareAhead(inOrder, TestEvents.At("y", 1), TestEvents.At("z", 2));
        Assert.Equal(new BatchWriteResult(2, 0, 0), await inOrder.WriteBatchAsync(new WarehouseBatch([first], [], []), CancellationToken.None));
        Assert.Equal(new BatchWriteResult(1, 1, 0), await inOrder.WriteBatchAsync(new WarehouseBatch([second], [], []), CancellationToken.None));

        // Against it: the second is written while the first is uncommitted, so it is prepared again and stores y.
        var reversed = await OpenAsync(migrate: false);
        await CloseAsync(inOrder);
        var early = PrepareAhead(reversed, TestEvents.At("u", 3), TestEvents.At("v", 4));
        var late = PrepareAhead(reversed, TestEvents.At("v", 4), TestEvents.At("w", 5));
        Assert.Equal(new BatchWriteResult(2, 0, 0), await reversed.WriteBatchAsync(new WarehouseBatch([late], [], []), CancellationToken.None));
        Assert.Equal(new BatchWriteResult(1, 1, 0), await reversed.WriteBatchAsync(new WarehouseBatch([early], [], []), CancellationToken.None));

        Assert.Equal(6, await CountAsync(reversed, "fact_events"));
        await AssertRollupsEqualRecountAsync(reversed);
    }

    [Fact]
    public async Task A_duplicate_of_a_batch_older_than_the_writers_window_is_found_in_the_warehouse()
    {
        var w = await OpenAsync();
        for (var i = 0; i <= RecentFactKeys.MaxBatches; i++)
        {
            await w.WriteBatchAsync(TestEvents.Batch(TestEvents.At($"e{i}", i)), CancellationToken.None);
        }

        Assert.Equal(new BatchWriteResult(1, 1, 0), await w.WriteBatchAsync(TestEvents.Batch(TestEvents.At("e0", 0), TestEvents.At("new", 30)), CancellationToken.None));
        Assert.Equal(RecentFactKeys.MaxBatches + 2, await CountAsync(w, "fact_events"));
        await AssertRollupsEqualRecountAsync(w);
    }
}
