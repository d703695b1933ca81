using Facet.Core.Enrichment;
using Facet.Storage.Reports;
using Facet.Storage.Reports.Commerce;

namespace Facet.Storage.Tests.Reports;

/// <summary>
/// Revenue, conversion and funnels recounted by brute force over the raw events (LINQ, TimeZoneInfo, its own currency
/// table): what the reports must equal on both backends. Written from docs/reports.md, not from the production code.
/// </summary>
internal static class CommerceOracle
{
    private static readonly HashSet<string> PaidMediums = ["cpc", "ppc", "paid", "paid_social", "paidsocial", "display"];

    public static List<ReportRow> Revenue(IReadOnlyList<EnrichedEvent> events, string tz, DateOnly day, string by, bool includeBots, FxRates? fx = null)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(tz);
        var dayEvents = OfDay(events, zone, day, includeBots);
        // Medium and campaign: the landing of the order's session (the device's session whose span holds the order).
        var sessions = SessionsByDevice(events);
        EnrichedEvent? SessionLanding(EnrichedEvent order) =>
            order.Event.DeviceId is { } device && sessions.TryGetValue(device, out var list)
                ? list.FirstOrDefault(s => s[0].Event.EventTime <= order.Event.EventTime && s[^1].Event.EventTime >= order.Event.EventTime)?[0]
                : null;
        var lines = Orders(dayEvents).SelectMany(o => o.Lines.Select(l => (Order: o.Event, Key: Key(by, o.Event, zone, SessionLanding, clickIds: false), l.Currency, l.Units, l.Revenue))).ToList();
        var rows = new List<RevenueRow>();
        if (fx is null)
        {
            foreach (var g in lines.GroupBy(l => (l.Key, l.Currency)))
            {
                var revenue = g.Sum(l => l.Revenue);
                var orders = g.Select(l => l.Order.Event.EventId).Distinct().LongCount();
                rows.Add(new RevenueRow(g.Key.Key, g.Key.Currency, orders, g.Sum(l => l.Units), revenue, Math.Round(revenue / orders, 2, MidpointRounding.AwayFromZero)));
            }
        }
        else
        {
            foreach (var g in lines.GroupBy(l => l.Key))
            {
                var revenue = Math.Round(g.Sum(l => l.Revenue * fx.RateOn(l.Currency, day).Rate), 2, MidpointRounding.AwayFromZero);
                var orders = g.Select(l => l.Order.Event.EventId).Distinct().LongCount();
                var rates = string.Join(", ", g.Select(l => l.Currency).Distinct().Order(StringComparer.Ordinal).Select(c => $"{c} {fx.RateOn(c, day).Date:yyyy-MM-dd}"));
                rows.Add(new RevenueRow(g.Key, fx.BaseCurrency, orders, g.Sum(l => l.Units), revenue, Math.Round(revenue / orders, 2, MidpointRounding.AwayFromZero), rates));
            }
        }

        var byTime = by is "hour" or "day";
        return [.. (byTime
            ? rows.OrderBy(r => r.Key is int h ? h.ToString("D2", System.Globalization.CultureInfo.InvariantCulture) : (string)r.Key, StringComparer.Ordinal).ThenBy(r => r.Currency, StringComparer.Ordinal)
            : rows.OrderBy(r => r.Currency, StringComparer.Ordinal).ThenByDescending(r => r.Revenue).ThenBy(r => r.Key.ToString(), StringComparer.Ordinal)).Cast<ReportRow>()];
    }

    public static List<(string ProductId, string Currency, decimal Units, decimal Revenue, long Orders)> ProductRevenue(IReadOnlyList<EnrichedEvent> events, string tz, DateOnly day)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(tz);
        return [.. Orders(OfDay(events, zone, day, false))
            .SelectMany(o => o.Lines.Where(l => l.ProductId is not null).Select(l => (o.Event.Event.EventId, l)))
            .GroupBy(x => (x.l.ProductId!, x.l.Currency))
            .Select(g => (g.Key.Item1, g.Key.Currency, g.Sum(x => x.l.Units), g.Sum(x => x.l.Revenue), g.Select(x => x.EventId).Distinct().LongCount()))
            .OrderBy(x => x.Currency, StringComparer.Ordinal).ThenByDescending(x => x.Item4).ThenBy(x => x.Item1, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Conversion per session: sessions that started in the local day (bots left out by the session's first event),
    /// grouped by the first event's attributes, and those with a checkout_success among their events.
    /// </summary>
    public static List<ReportRow> Conversion(IReadOnlyList<EnrichedEvent> events, string tz, DateOnly day, string by)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(tz);
        var start = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), zone);
        var end = TimeZoneInfo.ConvertTimeToUtc(day.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
        return [.. SessionsByDevice(events).Values.SelectMany(list => list)
            .Where(s => !s[0].IsBot && s[0].Event.EventTime.UtcDateTime >= start && s[0].Event.EventTime.UtcDateTime < end)
            .GroupBy(s => (string)Key(by, s[0], zone, e => e, clickIds: false))
            .Select(g => (g.Key, Sessions: g.LongCount(), WithOrder: g.LongCount(s => s.Any(e => e.Event.Collection == "checkout_success"))))
            .OrderByDescending(r => r.Sessions).ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => (ReportRow)new ConversionRow(r.Key, r.Sessions, r.WithOrder, (double)r.WithOrder / r.Sessions))];
    }

    /// <summary>
    /// The sessions of every device as the warehouse built them: the events replayed in the fixture's arrival batches
    /// with the default rules (30-minute timeout, 24-hour late bound), by <see cref="Sessions.SessionOracle"/>.
    /// </summary>
    public static Dictionary<string, List<List<EnrichedEvent>>> SessionsByDevice(IReadOnlyList<EnrichedEvent> events) =>
        Sessions.SessionOracle.Walk(events.Chunk(CommerceFixture.BatchSize), TimeSpan.FromMinutes(30), TimeSpan.FromHours(24)).Sessions
            .GroupBy(s => s.Device).ToDictionary(g => g.Key, g => g.Select(s => s.Events).ToList());

    public static List<ReportRow> Funnel(IReadOnlyList<EnrichedEvent> events, string tz, DateOnly day, string by, FunnelDefinition funnel)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(tz);
        var start = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), zone);
        var end = TimeZoneInfo.ConvertTimeToUtc(day.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
        var landing = Landing(OfDay(events, zone, day, false));
        EnrichedEvent? DayLanding(EnrichedEvent e) => e.Event.DeviceId is { } d && landing.TryGetValue(d, out var l) ? l : null;
        var stepCollections = funnel.Steps.Select(s => s.Collection).ToHashSet();
        var perKey = new Dictionary<string, (long[] Entered, List<double>[] Times)>();
        foreach (var device in events.Where(e => !e.IsBot && e.Event.DeviceId is not null && stepCollections.Contains(e.Event.Collection)
                     && e.Event.EventTime.UtcDateTime >= start && e.Event.EventTime.UtcDateTime < end + funnel.Window)
                     .GroupBy(e => e.Event.DeviceId!))
        {
            var list = device.OrderBy(e => e.Event.EventTime).ThenBy(e => e.Event.EventId, StringComparer.Ordinal).ToList();
            bool InDay(EnrichedEvent e) => e.Event.EventTime.UtcDateTime >= start && e.Event.EventTime.UtcDateTime < end;
            bool Is(int step, EnrichedEvent e) => funnel.Steps[step].Collection == e.Event.Collection
                && (funnel.Steps[step].Product is null || funnel.Steps[step].Product == e.Event.ProductId)
                && (funnel.Steps[step].Store is null || funnel.Steps[step].Store == e.Event.StoreId || funnel.Steps[step].Store == e.Store.Domain);
            var times = new List<DateTimeOffset>();
            EnrichedEvent? entry;
            if (funnel.Mode == FunnelMode.Strict)
            {
                entry = list.FirstOrDefault(e => InDay(e) && Is(0, e));
                if (entry is null)
                {
                    continue;
                }

                var at = list.IndexOf(entry);
                times.Add(entry.Event.EventTime);
                for (var k = 1; k < funnel.Steps.Count; k++)
                {
                    var next = list.Select((e, i) => (e, i)).FirstOrDefault(x => x.i > at && x.e.Event.EventTime <= entry.Event.EventTime + funnel.Window && Is(k, x.e));
                    if (next.e is null)
                    {
                        break;
                    }

                    times.Add(next.e.Event.EventTime);
                    at = next.i;
                }
            }
            else
            {
                entry = list.FirstOrDefault(e => InDay(e) && Enumerable.Range(0, funnel.Steps.Count).Any(k => Is(k, e)));
                if (entry is null)
                {
                    continue;
                }

                var window = list.Where(e => e.Event.EventTime >= entry.Event.EventTime && e.Event.EventTime <= entry.Event.EventTime + funnel.Window).ToList();
                for (var k = 0; k < funnel.Steps.Count && window.Any(e => Is(k, e)); k++)
                {
                    times.Add(Enumerable.Range(0, k + 1).Max(j => window.First(e => Is(j, e)).Event.EventTime));
                }
            }

            if (times.Count == 0)
            {
                continue;
            }

            var key = (string)Key(by, entry, zone, DayLanding, clickIds: true);
            if (!perKey.TryGetValue(key, out var group))
            {
                perKey[key] = group = (new long[funnel.Steps.Count], Enumerable.Range(0, funnel.Steps.Count).Select(_ => new List<double>()).ToArray());
            }

            for (var k = 0; k < times.Count; k++)
            {
                group.Entered[k]++;
                if (k + 1 < times.Count)
                {
                    group.Times[k].Add((times[k + 1] - times[k]).TotalSeconds);
                }
            }
        }

        var rows = new List<ReportRow>();
        foreach (var (key, (entered, secs)) in perKey.Where(p => p.Value.Entered[0] > 0).OrderByDescending(p => p.Value.Entered[0]).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            for (var k = 0; k < funnel.Steps.Count; k++)
            {
                var last = k == funnel.Steps.Count - 1;
                var sorted = secs[k].Order().ToList();
                double? median = last || sorted.Count == 0 ? null
                    : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
                rows.Add(new FunnelRow(key, k + 1, funnel.Steps[k].Label, entered[k], last ? null : entered[k + 1], last ? null : entered[k] - entered[k + 1], (double)entered[k] / entered[0], median));
            }
        }

        return rows;
    }

    public static List<EnrichedEvent> OfDay(IReadOnlyList<EnrichedEvent> events, TimeZoneInfo zone, DateOnly day, bool includeBots) =>
        [.. events.Where(e => (includeBots || !e.IsBot) && DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(e.Event.EventTime, zone).DateTime) == day)];

    /// <summary>Each device's first event of the day (time, then id).</summary>
    public static Dictionary<string, EnrichedEvent> Landing(List<EnrichedEvent> dayEvents) =>
        dayEvents.Where(e => e.Event.DeviceId is not null).GroupBy(e => e.Event.DeviceId!)
            .ToDictionary(g => g.Key, g => g.OrderBy(e => e.Event.EventTime).ThenBy(e => e.Event.EventId, StringComparer.Ordinal).First());

    /// <summary>The scenario's currencies by hand: € and £, dollars of Chile and of a store without a country, Swedish and Danish kronor.</summary>
    public static string Currency(string? symbol, string? storeCountry) => (symbol, storeCountry) switch
    {
        ("€", _) => "EUR",
        ("£", _) => "GBP",
        ("$", "CL") => "CLP",
        ("$", "US") => "USD",
        ("$", null) => "$",
        ("kr", "SE") => "SEK",
        ("kr", "DK") => "DKK",
        _ => throw new ArgumentOutOfRangeException(nameof(symbol), symbol + " " + storeCountry, "not in the scenario"),
    };

    private static IEnumerable<(EnrichedEvent Event, List<(string? ProductId, string Currency, decimal Units, decimal Revenue)> Lines)> Orders(List<EnrichedEvent> dayEvents) =>
        dayEvents.Where(e => e.Event.Collection == "checkout_success")
            .Select(e => (e, e.Event.CartProducts.Where(l => l.Price is not null && l.Amount is not null)
                .Select(l => (l.ProductId, Currency(string.IsNullOrEmpty(l.Currency) ? e.Event.Currency : l.Currency, e.Store.CountryCode), l.Amount!.Value, l.Price!.Value * l.Amount!.Value)).ToList()))
            .Where(o => o.Item2.Count > 0);

    /// <summary>The breakdown value; medium and campaign from the landing (the event itself without one). Sessions keep no click id.</summary>
    private static object Key(string by, EnrichedEvent e, TimeZoneInfo zone, Func<EnrichedEvent, EnrichedEvent?> landingOf, bool clickIds)
    {
        var landed = landingOf(e) ?? e;
        return by switch
        {
            "hour" => TimeZoneInfo.ConvertTime(e.Event.EventTime, zone).Hour,
            "day" => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(e.Event.EventTime, zone).DateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            "store" => e.Store.Domain ?? (e.Event.StoreId is { } id ? "store " + id : "Unknown"),
            "country" => e.Location.CountryCode ?? "(unknown)",
            "device" => e.UserAgent.DeviceType.ToString().ToLowerInvariant(),
            "browser" => e.UserAgent.Browser,
            "medium" => (clickIds && landed.Url.ClickIdType is not null) || (landed.Url.UtmMedium is { } m && PaidMediums.Contains(m)) ? "paid" : landed.Referrer.Medium.ToString().ToLowerInvariant(),
            "campaign" => landed.Url.UtmCampaign ?? "(none)",
            _ => "all",
        };
    }
}
