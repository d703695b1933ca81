using Facet.Storage.Internal;

namespace Facet.Storage.Tests.Sessions;

/// <summary>
/// Sessions cut batch by batch from the stored tail (SessionCutter, the in-order path) are exactly the
/// sessions of all the events cut at once, whatever the split; and the cut follows the rules' edge cases.
/// </summary>
public sealed class SessionCutterTests
{
    private const long Minute = 60_000_000L;
    private const long Timeout = 30 * Minute;
    private static readonly string?[] Campaigns = [null, null, null, "spring", "newsletter"];

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 40)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Sessions_cut_from_the_tail_over_any_split_equal_the_cut_of_all_events(int seed)
    {
        var random = new Random(seed);
        var events = new List<SessionCutter.Event>();
        var time = 0L;
        for (var i = 0; i < 150; i++)
        {
            time += random.Next(8) switch
            {
                0 => 0,
                < 5 => random.Next(1, 300) * 1_000_000L,
                < 7 => random.Next(5, 30) * Minute,
                _ => random.Next(28, 90) * Minute,
            };
            // A gap of exactly the timeout now and then (still the same visit).
            time += random.Next(20) == 0 ? Timeout - (time % Minute) : 0;
            events.Add(new SessionCutter.Event(time, Campaigns[random.Next(Campaigns.Length)]));
        }

        var expected = Sessions(null, events);
        var stored = new List<(int First, int Last, string? Campaign)>();
        var at = 0;
        while (at < events.Count)
        {
            var size = Math.Min(events.Count - at, 1 + random.Next(random.Next(2) == 0 ? 3 : 25));
            SessionCutter.Tail? tail = stored.Count == 0 ? null : new(events[stored[^1].Last].TimeMicros, stored[^1].Campaign);
            var batch = events.GetRange(at, size);
            var ranges = new List<SessionCutter.Range>();
            var joined = SessionCutter.Cut(tail, Timeout, batch, ranges, out var joinedCampaign);
            if (joined > 0)
            {
                Assert.NotNull(tail);
                stored[^1] = (stored[^1].First, at + joined - 1, joinedCampaign);
            }

            Assert.True(ranges.Count == 0 || ranges[0].First == joined);
            stored.AddRange(ranges.Select(r => (at + r.First, at + r.Last, r.TailCampaign)));
            at += size;
        }

        Assert.Equal(expected, stored);
    }

    [Fact]
    public void A_gap_of_exactly_the_timeout_joins_one_just_over_it_begins_a_visit_and_a_tied_campaign_change_does_not_cut()
    {
        var tail = new SessionCutter.Tail(10 * Minute, "spring");
        SessionCutter.Event[] events =
        [
            new(10 * Minute, "newsletter"),       // same instant as the tail: joins despite the campaign change
            new(11 * Minute, null),               // the visit's campaign is now newsletter
            new(11 * Minute + Timeout, null),     // exactly the timeout later: same visit
            new(11 * Minute + Timeout + 1, "newsletter"), // the same campaign: no cut
            new(12 * Minute + Timeout, "spring"), // another campaign, later: a new session
            new(12 * Minute + 2 * Timeout + 1, null), // just over the timeout: a new visit, no campaign
        ];
        var ranges = new List<SessionCutter.Range>();

        var joined = SessionCutter.Cut(tail, Timeout, events, ranges, out var campaign);

        Assert.Equal(4, joined);
        Assert.Equal("newsletter", campaign);
        Assert.Equal([new(4, 4, "spring"), new(5, 5, null)], ranges);
    }

    private static List<(int First, int Last, string? Campaign)> Sessions(SessionCutter.Tail? tail, List<SessionCutter.Event> events)
    {
        var ranges = new List<SessionCutter.Range>();
        Assert.Equal(0, SessionCutter.Cut(tail, Timeout, events, ranges, out _));
        return [.. ranges.Select(r => (r.First, r.Last, r.TailCampaign))];
    }
}
