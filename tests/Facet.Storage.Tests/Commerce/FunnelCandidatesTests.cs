using System.Globalization;
using Facet.Core.Events;
using Facet.Storage.Internal;
using Facet.Storage.Reports.Commerce;

namespace Facet.Storage.Tests.Commerce;

/// <summary>
/// A device's funnel_progress rows continued batch by batch from their stored walk state (V017) are exactly the rows a
/// rebuild from all its events computes, whatever the split: the property the in-order path of the batch writer rests on.
/// </summary>
public sealed class FunnelCandidatesTests
{
    private static readonly FunnelDefinition[] Funnels =
    [
        FunnelDefinition.Shop,
        FunnelDefinition.Shop with { Mode = FunnelMode.AnyOrder },
        // Step filters and a short window: more steps missed, more matches that must not count.
        new("filtered", [new("view_product_detail", Product: "p1"), new("add_to_cart_action"), new("checkout", Store: "glamira.de")], TimeSpan.FromMinutes(20)),
        new("filtered-any", [new("view_product_detail", Product: "p1"), new("add_to_cart_action"), new("checkout", Store: "glamira.de")], TimeSpan.FromMinutes(20), FunnelMode.AnyOrder),
    ];

    private static readonly string[] Collections = [.. FunnelDefinition.Shop.Steps.Select(s => s.Collection)];

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 40)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Rows_continued_over_any_split_of_in_order_events_equal_the_rebuild_from_all_of_them(int seed)
    {
        var random = new Random(seed);
        var facts = RandomFacts(random);
        var events = facts.ConvertAll(f => f.Event);
        for (var f = 0; f < Funnels.Length; f++)
        {
            var funnel = Funnels[f];
            var expected = new List<FunnelProgressRow>();
            FunnelCandidates.Rebuild(f, funnel, "d", events, facts, null, expected);
            Assert.NotEmpty(expected);

            // The stored rows, batch by batch: each batch's events all come after the ones before (time, then id).
            var stored = new SortedDictionary<long, FunnelProgressRow>();
            var at = 0;
            while (at < facts.Count)
            {
                var size = Math.Min(facts.Count - at, 1 + random.Next(random.Next(2) == 0 ? 4 : 30));
                var batch = facts.GetRange(at, size);
                at += size;

                // As FunnelProgressWriter scopes a device: from the quarter hour of its earliest new event minus the window.
                var from = (FunnelCandidates.QuarterOf(batch[0].Event.TimeMicros - funnel.Window.Ticks / 10)) * 900_000_000L;
                var open = stored.Values.Where(r => r.EntryMicros >= from).ToList();
                long? previous = stored.Values.Where(r => r.EntryMicros < from).Select(r => (long?)r.EntryMicros).LastOrDefault();
                var changed = new List<FunnelProgressRow>();
                var replacing = new List<FunnelProgressRow>();
                Assert.True(FunnelCandidates.Continue(f, funnel, "d", open, previous, batch.ConvertAll(x => x.Event), batch, changed, replacing));
                // The write deletes the replaced keys and appends every row without a conflict check: a row replaces a
                // stored one exactly when its key is stored, and the rows come in key order.
                Assert.Equal(changed.Where(r => stored.ContainsKey(r.EntryMicros)), replacing);
                Assert.Equal(changed.OrderBy(r => r.EntryMicros), changed);
                foreach (var row in changed)
                {
                    Assert.True(!stored.TryGetValue(row.EntryMicros, out var old) || old != row, "a continued row was staged unchanged");
                    stored[row.EntryMicros] = row;
                }
            }

            Assert.Equal(expected, stored.Values.ToList());
        }
    }

    [Fact]
    public void A_rows_texts_are_comma_separated_microseconds_with_an_empty_place_for_each_step_not_held()
    {
        const long None = FunnelWalk.None;
        long[] held = [1_000, 3_500, None, 9_000_000_000_000];
        var row = FunnelProgressRow.Of(0, "d", 1_000, null, held, new long[4], 1, 2, 3);

        // Stored in funnel_progress and read by the funnel report's SQL: the exact texts are the contract.
        Assert.Equal(2, row.Steps);
        Assert.Equal("2500", row.ConvertMicros);
        Assert.Equal("0,2500,,8999999999000", row.HeldMicros);
        var read = new long[4];
        Assert.True(row.TryReadHeld(read));
        Assert.Equal(held, read);

        var none = FunnelProgressRow.Of(0, "d", 1_000, null, [None, None, None], new long[3], 1, 2, 3);
        Assert.Equal((null, ",,"), (none.ConvertMicros, none.HeldMicros));
        Assert.True(none.TryReadHeld(read = new long[3]));
        Assert.Equal([None, None, None], read);

        Assert.Equal("10,20,30", FunnelProgressRow.Of(0, "d", 0, null, [0, 10, 30, 60], new long[4], 1, 2, 3).ConvertMicros);
        Assert.False((row with { HeldMicros = "0,x,," }).TryReadHeld(new long[4]));
        Assert.False(row.TryReadHeld(new long[3]));
    }

    [Fact]
    public void A_device_with_a_row_without_walk_state_adds_nothing_even_after_a_row_that_changed()
    {
        const long None = FunnelWalk.None;
        var advanced = FunnelProgressRow.Of(1, "d", 1_000, null, [1_000, None, None, None, None, None], new long[6], 1, 1, 1);
        var stateless = FunnelProgressRow.Of(1, "d", 2_000, 1_000, [2_000, None, None, None, None, None], new long[6], 1, 1, 1) with { HeldMicros = "" };
        var later = new FunnelEvent(IdText.From("zz"), 3_000, "select_product_option", null, new EventAttributes(null, null, null, "", ""));
        var output = new List<FunnelProgressRow>();
        var replacing = new List<FunnelProgressRow>();

        // The first row alone changes (it reaches step 2), so the refusal below is the second row's doing.
        Assert.True(FunnelCandidates.Continue(1, FunnelDefinition.Shop, "d", [advanced], null, [later], [new(later, 1, 1, 1)], output, replacing));
        Assert.Equal([(1_000L, (short)2)], output.Select(r => (r.EntryMicros, r.Steps)));
        Assert.Equal(output, replacing);

        output.Clear();
        replacing.Clear();
        Assert.False(FunnelCandidates.Continue(1, FunnelDefinition.Shop, "d", [advanced, stateless], null, [later], [new(later, 1, 1, 1)], output, replacing));
        Assert.Empty(output);
        Assert.Empty(replacing);
    }

    [Fact]
    public void A_row_without_walk_state_is_not_continued()
    {
        var facts = RandomFacts(new Random(7));
        var rows = new List<FunnelProgressRow>();
        FunnelCandidates.Rebuild(1, FunnelDefinition.Shop, "d", facts.ConvertAll(f => f.Event), facts, null, rows);
        var last = rows[^1];
        var later = new FunnelEvent(IdText.From("zz"), last.EntryMicros + 1, "select_product_option", null, new EventAttributes(null, null, null, "", ""));
        var output = new List<FunnelProgressRow>();
        var replacing = new List<FunnelProgressRow>();

        Assert.False(FunnelCandidates.Continue(1, FunnelDefinition.Shop, "d", [last with { HeldMicros = "" }], null, [later], [new(later, 1, 1, 1)], output, replacing));
        Assert.False(FunnelCandidates.Continue(1, FunnelDefinition.Shop, "d", [last with { HeldMicros = "0,1" }], null, [later], [new(later, 1, 1, 1)], output, replacing));
        Assert.Empty(output);
        Assert.Empty(replacing);
    }

    /// <summary>
    /// One device's step events over ~3 hours in time-then-id order: bursts of seconds apart (ties included), gaps of
    /// minutes and of more than a window, products p1/p2/none, two stores.
    /// </summary>
    private static List<FunnelCandidates.Fact> RandomFacts(Random random)
    {
        var facts = new List<FunnelCandidates.Fact>();
        var time = 1_730_000_000_000_000L + random.Next(900) * 1_000_000L;
        for (var i = 0; i < 120; i++)
        {
            var gap = random.Next(10) switch
            {
                0 => 0L,
                < 6 => random.Next(1, 90) * 1_000_000L,
                < 9 => random.Next(2, 20) * 60_000_000L,
                _ => random.Next(30, 100) * 60_000_000L,
            };
            time += gap;
            var collection = random.Next(3) == 0 ? Collections[random.Next(Collections.Length)] : Collections[Math.Min(Collections.Length - 1, i % 7)];
            var product = random.Next(3) switch { 0 => "p1", 1 => "p2", _ => null };
            var (store, domain) = random.Next(2) == 0 ? ("1", "glamira.de") : ("3", "glamira.co.uk");
            var id = i.ToString("D4", CultureInfo.InvariantCulture) + (char)('a' + random.Next(26));
            var e = new FunnelEvent(IdText.From(id), time, collection, product, new EventAttributes(store, domain, null, "", ""));
            facts.Add(new FunnelCandidates.Fact(e, random.Next(1, 4), random.Next(1, 4), random.Next(1, 4)));
        }

        facts.Sort((a, b) => FunnelWalk.Order(a.Event, b.Event));
        return facts;
    }
}
