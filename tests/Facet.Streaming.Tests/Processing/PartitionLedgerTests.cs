using Facet.Core.Events;
using Facet.Storage;
using Facet.Streaming.Processing;

namespace Facet.Streaming.Tests.Processing;

/// <summary>The partition ledger on its own: no Kafka, no warehouse.</summary>
public sealed class PartitionLedgerTests
{
    private static readonly PartitionId A0 = new("a", 0);
    private static readonly PartitionId A1 = new("a", 1);
    private static readonly PartitionId B0 = new("b", 0);

    private static RawMessage Message(PartitionId id, long offset) => new(new byte[] { 1 }, SourcePosition.Kafka(id.Topic, id.Partition, offset));

    [Fact]
    public void Messages_of_a_partition_whose_start_is_not_known_are_refused_until_it_starts()
    {
        var ledger = new PartitionLedger();
        ledger.Assign(A0);

        Assert.False(ledger.Add(A0, Message(A0, 0)));
        Assert.Equal([A0], ledger.AwaitingStart);
        Assert.True(ledger.HasAwaitingStart);

        ledger.Start(A0, 5);
        Assert.True(ledger.Add(A0, Message(A0, 5)));
        Assert.Empty(ledger.AwaitingStart);
        Assert.Equal(1, ledger.Untaken);
        Assert.False(ledger.Add(B0, Message(B0, 0)));
    }

    [Fact]
    public void Awaiting_start_is_tracked_through_assign_start_drop_and_reassign()
    {
        var ledger = new PartitionLedger();
        Assert.False(ledger.HasAwaitingStart);

        ledger.Assign(A0);
        ledger.Assign(A1);
        ledger.Start(A0, 0);
        ledger.Start(A0, 0);
        Assert.True(ledger.HasAwaitingStart);

        ledger.Drop(A1);
        Assert.False(ledger.HasAwaitingStart);

        ledger.Assign(A0);
        Assert.True(ledger.HasAwaitingStart);
        Assert.Equal([A0], ledger.AwaitingStart);
        ledger.Start(A0, 7);
        Assert.False(ledger.HasAwaitingStart);
        Assert.Empty(ledger.AwaitingStart);
    }

    [Fact]
    public void Take_makes_one_part_per_partition_in_topic_then_partition_order_with_guarded_advances()
    {
        var ledger = Started((B0, CheckpointAdvance.None), (A1, 10), (A0, 3));
        ledger.Add(B0, Message(B0, 0));
        ledger.Add(A1, Message(A1, 10));
        ledger.Add(A1, Message(A1, 11));
        ledger.Add(A0, Message(A0, 3));

        var batch = ledger.Take();

        Assert.Equal([A0, A1, B0], batch.Parts.Select(p => p.Id));
        Assert.Equal(4, batch.Messages.Count);
        Assert.Equal(0, ledger.Untaken);
        Assert.Equal(
            [new CheckpointAdvance("g", "a", 0, 3, 4), new CheckpointAdvance("g", "a", 1, 10, 12), new CheckpointAdvance("g", "b", 0, CheckpointAdvance.None, 1)],
            batch.Parts.Select(p => ledger.AdvanceFor(p, "g")));
    }

    [Fact]
    public void Committing_a_part_moves_the_expected_checkpoint_and_releases_only_its_messages()
    {
        var ledger = Started((A0, 0));
        ledger.Add(A0, Message(A0, 0));
        var first = ledger.Take();
        ledger.Add(A0, Message(A0, 1));
        var second = ledger.Take();

        Assert.True(ledger.Commit(first.Parts[0]));
        Assert.Equal(1, ledger.ExpectedNext(A0));
        Assert.Equal(new CheckpointAdvance("g", "a", 0, 1, 2), ledger.AdvanceFor(second.Parts[0], "g"));
        Assert.True(ledger.Commit(second.Parts[0]));
        Assert.Equal(2, ledger.ExpectedNext(A0));
    }

    [Fact]
    public void A_recycled_batch_list_is_filled_anew_by_a_later_take_and_cannot_be_recycled_twice()
    {
        var ledger = Started((A0, 0), (B0, 0));
        ledger.Add(A0, Message(A0, 0));
        ledger.Add(B0, Message(B0, 0));
        var first = ledger.Take();
        ledger.Add(A0, Message(A0, 1));
        var second = ledger.Take(); // taken while the first is in flight: a list of its own
        Assert.NotSame(first.Messages, second.Messages);

        Assert.All(first.Parts, p => Assert.True(ledger.Commit(p)));
        ledger.Recycle(first);
        Assert.Throws<InvalidOperationException>(() => ledger.Recycle(first));
        ledger.Add(B0, Message(B0, 1));
        ledger.Add(B0, Message(B0, 2));
        var third = ledger.Take();

        Assert.Same(first.Messages, third.Messages);
        Assert.Equal([1L, 2L], third.Messages.Select(m => m.Position.Offset));
        Assert.Equal([1L, 2L], third.Parts.Single().Messages.Select(m => m.Position.Offset));
        Assert.Equal([1L], second.Messages.Select(m => m.Position.Offset)); // the batch in flight is untouched
        Assert.Equal(new CheckpointAdvance("g", "b", 0, 1, 3), ledger.AdvanceFor(third.Parts[0], "g"));
        Assert.Throws<InvalidOperationException>(() => ledger.Recycle(first)); // its list is the third's now
    }

    [Fact]
    public void A_part_of_a_partition_dropped_and_assigned_again_is_stale()
    {
        var ledger = Started((A0, 0));
        ledger.Add(A0, Message(A0, 0));
        ledger.Add(A0, Message(A0, 1));
        var batch = ledger.Take();

        Assert.Equal(2, ledger.Drop(A0));
        ledger.Assign(A0);
        ledger.Start(A0, 0);

        Assert.False(ledger.IsCurrent(batch.Parts[0]));
        Assert.False(ledger.Commit(batch.Parts[0]));
        Assert.Equal(0, ledger.ExpectedNext(A0));
    }

    [Fact]
    public void Dropping_a_partition_removes_its_untaken_messages_from_the_count()
    {
        var ledger = Started((A0, 0), (A1, 0));
        ledger.Add(A0, Message(A0, 0));
        ledger.Take();
        ledger.Add(A0, Message(A0, 1));
        ledger.Add(A1, Message(A1, 0));

        Assert.Equal(2, ledger.Drop(A0));
        Assert.Equal(1, ledger.Untaken);
        Assert.Equal(0, ledger.Drop(B0));
    }

    [Fact]
    public void Resync_keeps_the_messages_where_the_warehouse_holds_what_was_expected_and_asks_to_reread_elsewhere()
    {
        var ledger = Started((A0, 5), (A1, 7));
        ledger.Add(A0, Message(A0, 5));
        ledger.Add(A1, Message(A1, 7));
        var stale = ledger.Take();

        var seeks = ledger.Resync(id => id == A0 ? 5 : 9);

        Assert.Equal([(A1, 9L, 7L)], seeks);
        Assert.All(stale.Parts, p => Assert.False(ledger.IsCurrent(p)));
        Assert.Equal(1, ledger.Untaken);
        var again = ledger.Take();
        Assert.Equal([A0], again.Parts.Select(p => p.Id));
        Assert.Equal(new CheckpointAdvance("g", "a", 0, 5, 6), ledger.AdvanceFor(again.Parts[0], "g"));
        Assert.Equal(9, ledger.ExpectedNext(A1));
    }

    [Fact]
    public void A_message_leaving_the_ledger_gives_its_bytes_back_to_the_arena_and_not_before()
    {
        var arena = new MessageArena();
        var ledger = Started(arena, (A0, 0), (A1, 0), (B0, 0));
        // One 1/8-block value per message: eight fill a block, so each partition's messages below share blocks.
        var value = new byte[MessageArena.LargestCopied];
        RawMessage Consumed(PartitionId id, long offset) => new(arena.Copy(value), SourcePosition.Kafka(id.Topic, id.Partition, offset));
        for (var offset = 0; offset < 8; offset++)
        {
            ledger.Add(A0, Consumed(A0, offset));
        }

        for (var offset = 0; offset < 8; offset++)
        {
            ledger.Add(A1, Consumed(A1, offset));
        }

        for (var offset = 0; offset < 8; offset++)
        {
            ledger.Add(B0, Consumed(B0, offset));
        }

        var batch = ledger.Take();
        Assert.Equal(3, arena.BlocksInUse);

        ledger.Commit(batch.Parts[0]);
        Assert.Equal(1, arena.FreeBlocks);

        ledger.Drop(A1);
        Assert.Equal(2, arena.FreeBlocks);

        // Kept by a resync that finds what was expected; freed by one that asks for a re-read.
        ledger.Resync(_ => 0);
        Assert.Equal(2, arena.FreeBlocks);
        ledger.Resync(_ => 5);
        Assert.Equal(0, ledger.Untaken);
        // B0's block is the one being filled: it stays the arena's current block rather than going back to the pool.
        Assert.Equal(2, arena.FreeBlocks);
        Assert.Equal(1, arena.BlocksInUse);

        // The next message reuses a block: none is allocated while three are free or idle.
        Assert.True(arena.Holds(arena.Copy(value)));
        Assert.Equal(3, arena.BlocksInUse + arena.FreeBlocks);
    }

    private static PartitionLedger Started(params (PartitionId Id, long Next)[] partitions) => Started(null, partitions);

    private static PartitionLedger Started(MessageArena? arena, params (PartitionId Id, long Next)[] partitions)
    {
        var ledger = new PartitionLedger(arena);
        foreach (var (id, next) in partitions)
        {
            ledger.Assign(id);
            ledger.Start(id, next);
        }

        return ledger;
    }
}
