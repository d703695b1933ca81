using Facet.Core.Enrichment;
using Facet.Storage.Internal;

namespace Facet.Storage.Tests.Warehouse;

/// <summary>
/// A writer's window of its recent batches' fact keys: a preparation drops what an earlier one kept, holds it against
/// that batch until it commits, and the window forgets the oldest batches past its limits.
/// </summary>
public sealed class RecentFactKeysTests
{
    private static readonly WarehouseOptions Options = new();
    private static readonly PrivacyRules Privacy = new(Options);

    [Fact]
    public void A_preparation_drops_the_events_an_earlier_one_kept_and_holds_them_until_that_batch_commits()
    {
        var recent = new RecentFactKeys();
        var first = PreparedClickstream.Prepare([TestEvents.At("a1"), TestEvents.At("a2")], Options, Privacy, recent);
        EnrichedEvent[] second = [TestEvents.At("a2"), TestEvents.At("b1"), TestEvents.At("b1"), TestEvents.At("a1"), TestEvents.At("a1", minute: 60 * 24)];
        var held = PreparedClickstream.Prepare(second, Options, Privacy, recent);

        // b1 once; its copy within the batch; a1 and a2 as the first batch's (a1 on the next day is another event).
        Assert.Equal(new[] { "a1", "b1" }, held.Events.Select(e => e.Source.Event.EventId).Order(StringComparer.Ordinal));
        Assert.Equal((1, 2), (held.InBatchDuplicates, held.EarlierBatchDuplicates));
        Assert.True(first.HeldAgainstCommittedBatches);
        Assert.False(held.HeldAgainstCommittedBatches);

        first.Remembered!.MarkCommitted();
        Assert.True(held.HeldAgainstCommittedBatches);

        // Without the window the same records keep the first batch's events.
        var alone = PreparedClickstream.Prepare(second, Options, Privacy);
        Assert.Equal((4, 1, 0), (alone.Events.Count, alone.InBatchDuplicates, alone.EarlierBatchDuplicates));
        Assert.Null(alone.Remembered);
    }

    [Fact]
    public void A_preparation_holds_nothing_against_itself_when_its_records_are_prepared_twice()
    {
        var recent = new RecentFactKeys();
        EnrichedEvent[] records = [TestEvents.At("x"), TestEvents.At("y")];
        var once = PreparedClickstream.Prepare(records, Options, Privacy, recent);
        var twice = PreparedClickstream.Prepare(records, Options, Privacy, recent);

        Assert.Equal((2, 0), (once.Events.Count, once.EarlierBatchDuplicates));
        // The second preparation (a batch decoded again) holds both against the first, which is not committed.
        Assert.Equal((0, 2), (twice.Events.Count, twice.EarlierBatchDuplicates));
        Assert.False(twice.HeldAgainstCommittedBatches);
    }

    [Fact]
    public void The_window_forgets_the_oldest_batch_past_its_batch_limit()
    {
        var recent = new RecentFactKeys();
        for (var i = 0; i <= RecentFactKeys.MaxBatches; i++)
        {
            PreparedClickstream.Prepare([TestEvents.At($"e{i}", i)], Options, Privacy, recent);
        }

        var next = PreparedClickstream.Prepare([TestEvents.At("e0", 0), TestEvents.At("e1", 1)], Options, Privacy, recent);

        Assert.Equal(new[] { "e0" }, next.Events.Select(e => e.Source.Event.EventId));
        Assert.Equal(1, next.EarlierBatchDuplicates);
    }

    [Fact]
    public void The_window_forgets_the_oldest_batches_past_its_key_limit_and_hands_back_an_emptied_set()
    {
        var recent = new RecentFactKeys();
        var day = new DateOnly(2026, 11, 15);
        var perBatch = (RecentFactKeys.MaxKeys / 2) - 1;
        var sets = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, perBatch).Select(_ => (Guid.NewGuid(), day)).ToHashSet()).ToArray();
        var firstKey = sets[0].First();
        var secondKey = sets[1].First();

        using (recent.Enter())
        {
            recent.Remember(sets[0], out var none);
            var second = recent.Remember(sets[1], out var stillNone);
            Assert.Null(none);
            Assert.Null(stillNone);

            // A third batch passes the key limit: the first leaves, its set comes back empty for a scratch to reuse.
            recent.Remember(sets[2], out var spare);
            Assert.Same(sets[0], spare);
            Assert.Empty(spare!);
            Assert.Null(recent.HolderOf(firstKey));
            Assert.Same(second, recent.HolderOf(secondKey));
        }
    }
}
