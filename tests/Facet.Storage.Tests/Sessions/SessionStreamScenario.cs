using System.Globalization;
using Facet.Core.Enrichment;

namespace Facet.Storage.Tests.Sessions;

/// <summary>
/// Devices active across many batches, as a stream delivers them: each batch brings the next few events of most devices
/// in time order (the in-order path of write_sessions.sql extends the open session from its tail), while some events are
/// held back a few batches (out of order: a rebuild) and a few until the last batch of its half (most beyond the late
/// bound: each half is several hours of event time). Every device exists
/// twice, once per prefix in <c>Twins</c> (device and event ids prefixed alike, so ties order the same way), so a test
/// can force one twin onto the rebuild path and compare the two. A scripted device puts the edge cases exactly at batch
/// boundaries: a campaign change as a batch's first event, a tie in time with the previous batch's last event (with a
/// greater id, then a smaller one), a gap of exactly the timeout and one just over it.
/// </summary>
internal sealed class SessionStreamScenario
{
    private static readonly string[] Campaigns = ["spring_sale", "newsletter_may", "retargeting"];

    public SessionStreamScenario(int seed, int devices, int batches, IReadOnlyList<string> twins)
    {
        var random = new Random(seed);
        var timeout = TimeSpan.FromMinutes(30);
        var start = SessionScenario.Start;
        var plan = new List<List<Template>>();
        for (var i = 0; i < batches; i++)
        {
            plan.Add([]);
        }

        for (var d = 0; d < devices; d++)
        {
            var device = "dev-" + d.ToString("D3", CultureInfo.InvariantCulture);
            var time = start.AddSeconds(random.Next(3600));
            var cursor = random.Next(3);
            var n = 0;
            while (cursor < batches - 1)
            {
                var chunk = 1 + random.Next(4);
                for (var k = 0; k < chunk; k++)
                {
                    var campaign = random.Next(6) == 0 ? Campaigns[random.Next(Campaigns.Length)] : null;
                    var collection = random.Next(15) == 0 ? "checkout_success" : "view_product_detail";
                    var id = random.Next(0x10000).ToString("x4", CultureInfo.InvariantCulture) + "-" + device + "-" + (n++).ToString("D3", CultureInfo.InvariantCulture);
                    var e = new Template(device, id, time, collection, campaign, random.Next(30));
                    var arrives = random.Next(40) switch
                    {
                        0 => cursor < batches / 2 ? (batches / 2) - 1 : batches - 1, // at the end of its half: beyond the late bound
                        < 5 => Math.Min(batches - 1, cursor + 1 + random.Next(3)), // a few batches late: out of order
                        _ => cursor,
                    };
                    plan[arrives].Add(e);
                    time += random.Next(12) switch
                    {
                        0 => TimeSpan.Zero,                                           // a tie, ordered by id
                        1 => timeout,                                                 // exactly the timeout: same visit
                        2 => timeout + TimeSpan.FromSeconds(1 + random.Next(600)), // just over: a new one
                        _ => TimeSpan.FromSeconds(5 + random.Next(600)),
                    };
                }

                cursor += 1 + random.Next(2);
            }
        }

        // The scripted device, one event per batch from batch 1 on: ids order e3 < e4 at the same instant, e6 < e5.
        var t0 = start.AddHours(1);
        Template Edge(string id, TimeSpan at, string? campaign) => new("edge", id, t0 + at, "view_product_detail", campaign, 1);
        Template[] edge =
        [
            Edge("edge-01", TimeSpan.Zero, "spring_sale"),
            Edge("edge-02", TimeSpan.FromSeconds(60), null),
            Edge("edge-03", TimeSpan.FromSeconds(120), "retargeting"),   // a campaign change as the batch's first event
            Edge("edge-04", TimeSpan.FromSeconds(120), "spring_sale"),   // same instant, greater id: no split
            Edge("edge-05", TimeSpan.FromSeconds(180), "spring_sale"),   // the visit's last campaign is the tie's
            Edge("edge-00", TimeSpan.FromSeconds(180), null),            // same instant, smaller id: before the tail
            Edge("edge-07", TimeSpan.FromSeconds(180) + timeout, null),  // exactly the timeout after
            Edge("edge-08", TimeSpan.FromSeconds(181) + (2 * timeout), null), // just over: a new visit
            Edge("edge-09", TimeSpan.FromSeconds(191) + (2 * timeout), "retargeting"), // a campaign after campaign-less events
        ];
        for (var i = 0; i < edge.Length && i + 1 < batches; i++)
        {
            plan[i + 1].Add(edge[i]);
        }

        long offset = 0;
        foreach (var batch in plan)
        {
            var events = new List<EnrichedEvent>();
            foreach (var twin in twins)
            {
                events.AddRange(batch.Select(t => SessionScenario.Event(twin + t.Id, twin + t.Device, t.Time, t.Collection, t.Campaign, t.Page, ++offset)));
            }

            Batches.Add(events);
        }
    }

    public List<List<EnrichedEvent>> Batches { get; } = [];

    private sealed record Template(string Device, string Id, DateTimeOffset Time, string Collection, string? Campaign, int Page);
}
