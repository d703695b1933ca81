using System.Globalization;
using Facet.Core.Enrichment;
using Facet.Core.Events;

namespace Facet.Storage.Tests.Sessions;

/// <summary>
/// Deterministic device visits for the session tests: bursts of activity per device with gaps under, at and over the
/// timeout, campaign landings (repeated, changed, after campaign-less events, in the same instant as another event),
/// orders, a few events without a device,
/// and an arrival order that delivers most events a little out of order and some many hours late.
/// </summary>
internal sealed class SessionScenario
{
    public static readonly DateTimeOffset Start = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Campaigns = ["spring_sale", "newsletter_may", "retargeting"];
    private readonly Random _random;
    private long _offset;

    public SessionScenario(int seed, int devices = 40, TimeSpan? timeout = null)
    {
        _random = new Random(seed);
        var gapAtTimeout = timeout ?? TimeSpan.FromMinutes(30);
        for (var d = 0; d < devices; d++)
        {
            var device = "dev-" + d.ToString("D3", CultureInfo.InvariantCulture);
            var used = new HashSet<long>();
            var bursts = 1 + _random.Next(5);
            for (var b = 0; b < bursts; b++)
            {
                var time = Start.AddSeconds(_random.Next(2 * 24 * 3600));
                var campaign = _random.Next(3) == 0 ? Campaigns[_random.Next(Campaigns.Length)] : null;
                var length = 1 + _random.Next(12);
                for (var i = 0; i < length; i++)
                {
                    var eventCampaign = i == 0 ? campaign : _random.Next(12) switch
                    {
                        0 => Campaigns[_random.Next(Campaigns.Length)],
                        1 => campaign,
                        _ => null,
                    };
                    var collection = _random.Next(15) == 0 ? "checkout_success" : "view_product_detail";
                    if (used.Add(time.ToUnixTimeSeconds()))
                    {
                        Events.Add(Create(device, time, collection, eventCampaign));
                        if (_random.Next(15) == 0)
                        {
                            // Two events in the same instant, the second with another campaign: no split between them.
                            Events.Add(Create(device, time, "view_product_detail", Campaigns[_random.Next(Campaigns.Length)]));
                        }
                    }

                    time += _random.Next(10) switch
                    {
                        0 => gapAtTimeout,                                     // exactly the timeout: same session
                        1 => gapAtTimeout + TimeSpan.FromSeconds(1 + _random.Next(600)), // just over: a new one
                        _ => TimeSpan.FromSeconds(5 + _random.Next(900)),
                    };
                }
            }
        }

        for (var i = 0; i < devices / 4; i++)
        {
            Events.Add(Create(null, Start.AddSeconds(_random.Next(2 * 24 * 3600)), "view_product_detail", null));
        }
    }

    public List<EnrichedEvent> Events { get; } = [];

    /// <summary>
    /// The events in arrival order, cut into batches of 1–250: each is delivered up to 90 minutes after its event time,
    /// and one in twenty-five about a day late.
    /// </summary>
    public List<List<EnrichedEvent>> Arrival()
    {
        var keyed = Events.Select(e => (Event: e, Arrives: e.Event.EventTime.AddSeconds(_random.Next(25) == 0 ? 20 * 3600 + _random.Next(8 * 3600) : _random.Next(90 * 60))))
            .OrderBy(x => x.Arrives).Select(x => x.Event).ToList();
        var batches = new List<List<EnrichedEvent>>();
        for (var i = 0; i < keyed.Count;)
        {
            var size = 1 + _random.Next(250);
            batches.Add(keyed.Skip(i).Take(size).ToList());
            i += size;
        }

        return batches;
    }

    private EnrichedEvent Create(string? device, DateTimeOffset time, string collection, string? campaign)
    {
        var bytes = new byte[16];
        _random.NextBytes(bytes);
        return Event(new Guid(bytes).ToString(), device, time, collection, campaign, _random.Next(30), ++_offset);
    }

    /// <summary>One clickstream event of these tests: a Glamira product page, with <paramref name="campaign"/> in its URL.</summary>
    public static EnrichedEvent Event(string eventId, string? device, DateTimeOffset time, string collection, string? campaign, int page, long offset)
    {
        var url = "https://www.glamira.de/p" + page.ToString(CultureInfo.InvariantCulture) + ".html" + (campaign is null ? "" : "?utm_campaign=" + campaign);
        var shop = new ShopEvent
        {
            EventId = eventId,
            EventTime = time,
            Collection = collection,
            DeviceId = device,
            Ip = "203.0.113.5",
            UserAgent = "Chrome/1.0",
            StoreId = "1",
            CurrentUrl = url,
            Position = SourcePosition.Kafka("sessions", 0, offset),
        };
        var ua = new UserAgentInfo("Chrome", "1", "Windows", null, "Other", null, null, DeviceType.Desktop, false);
        var urlInfo = UrlInfo.Empty with { Host = "www.glamira.de", CleanUrl = url, UtmCampaign = campaign, UtmSource = campaign is null ? null : "newsletter" };
        return new EnrichedEvent(shop, GeoLocation.Unknown("test"), new StoreInfo("glamira.de", "DE", null), ua, urlInfo, new ReferrerInfo(ReferrerInfo.DirectHost, ReferrerMedium.Direct));
    }
}
