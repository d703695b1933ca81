using System.Data.Common;
using System.Globalization;
using Facet.Storage.Reports.Commerce;

namespace Facet.Storage.Reports;

/// <summary>
/// Revenue, top products by revenue and conversion (issue 21), computed at query time from fact_events: the day's
/// checkout_success facts (a few hundred to thousands of rows, read through PostgreSQL's partial index) are summed in
/// C# with decimal arithmetic per ISO currency; medium and campaign are the landing of each order's session.
/// Conversion is per session (ReportService.Sessions.cs). Definitions: docs/reports.md, "Revenue, conversion and funnels".
/// </summary>
public sealed partial class ReportService
{
    private const int MaxProductNameLookups = 1_000;

    private static bool IsCommerce(ReportKind kind) => ReportCatalog.IsClickstreamCommerce(kind);

    private async Task<ReportResult> RunCommerceAsync(DbConnection connection, ReportKind kind, ReportOptions options, ReportZone zone, DateOnly day, CancellationToken cancellationToken)
    {
        // A range (--from/--to) is the local days [day, until); hours over more than one day name their date too.
        var (from, to) = (zone.StartOfDayUtc(day), zone.StartOfDayUtc(options.Until ?? day.AddDays(1)));
        var multiDay = options.Until is { } until && until != day.AddDays(1);
        var breakdown = options.Breakdown ?? (kind is ReportKind.Revenue or ReportKind.Sessions ? CommerceBreakdown.Hour : CommerceBreakdown.None);
        if (!CommerceBreakdowns.NamesFor(kind).Contains(CommerceBreakdowns.NameOf(breakdown)))
        {
            throw new ReportOptionsException($"--by for {ReportCatalog.NameOf(kind)} must be one of {string.Join(", ", CommerceBreakdowns.NamesFor(kind))} (got '{CommerceBreakdowns.NameOf(breakdown)}')");
        }

        var byLanding = breakdown is CommerceBreakdown.Medium or CommerceBreakdown.Campaign;
        var result = new ReportResult(kind, day, zone.Id, ReportSourceKind.Facts, []) { Until = options.Until };
        var first = CommerceBreakdowns.NameOf(breakdown);
        switch (kind)
        {
            case ReportKind.Revenue:
            {
                var orders = await ReadOrdersAsync(connection, options, from, to, cancellationToken);
                // Medium and campaign are the landing of the order's session, looked up by the order's event id.
                var sessionLanding = byLanding ? await ReadOrderSessionLandingAsync(connection, options, from, to, cancellationToken) : null;
                var rows = Revenue(orders, o => multiDay && breakdown == CommerceBreakdown.Hour
                    ? zone.ToLocal(o.TimeUtc).ToString("yyyy-MM-dd HH':00'", CultureInfo.InvariantCulture)
                    : BreakdownKey(breakdown, zone, o.TimeUtc, o.EventId, o.Attributes, sessionLanding), breakdown, options.Fx, day);
                return result with { Rows = rows, ColumnNames = RevenueColumns(first, options.Fx), Detail = FxDetail(options.Fx) };
            }

            case ReportKind.TopProductsByRevenue:
            {
                var orders = await ReadOrdersAsync(connection, options, from, to, cancellationToken);
                var rows = await TopProductsByRevenueAsync(connection, orders, options, day, cancellationToken);
                var columns = ReportCatalog.ColumnsOf(kind);
                return result with { Rows = rows, ColumnNames = options.Fx is null ? null : [.. columns, "rate_dates"], Detail = FxDetail(options.Fx) };
            }

            case ReportKind.Sessions:
            {
                var (rows, source) = await SessionsAsync(connection, options, breakdown, zone, multiDay, from, to, cancellationToken);
                return result with { Rows = rows, Source = source, ColumnNames = [first, .. ReportCatalog.ColumnsOf(kind).Skip(1)] };
            }

            case ReportKind.Conversion:
            {
                var (rows, source) = await ConversionAsync(connection, options, breakdown, zone, from, to, cancellationToken);
                return result with { Rows = rows, Source = source, ColumnNames = [first, .. ReportCatalog.ColumnsOf(kind).Skip(1)] };
            }

            default:
            {
                var funnel = options.Funnel ?? FunnelDefinition.Shop;
                funnel.Validate();
                // Funnels still break medium and campaign down by the device's landing of the day (its first event).
                var landing = byLanding ? await ReadLandingAsync(connection, options, from, to, cancellationToken) : null;
                // The stored funnels come from funnel_progress (V014) when it can answer; any other from the facts.
                var progressId = await ProgressFunnelIdAsync(connection, options, funnel, from, cancellationToken);
                var rows = progressId is { } id
                    ? await FunnelFromProgressAsync(connection, options, funnel, id, breakdown, from, to, landing, cancellationToken)
                    : await FunnelAsync(connection, options, funnel, breakdown, from, to, landing, cancellationToken);
                var window = funnel.Window.ToString("c", CultureInfo.InvariantCulture);
                return result with
                {
                    Rows = rows,
                    Source = progressId is null ? ReportSourceKind.Facts : ReportSourceKind.Rollups,
                    ColumnNames = [first, .. ReportCatalog.ColumnsOf(kind).Skip(1)],
                    Detail = $"funnel {funnel.Name}, {(funnel.Mode == FunnelMode.Strict ? "strict order" : "any order")}, window {window}",
                };
            }
        }
    }

    private static IReadOnlyList<string> RevenueColumns(string first, FxRates? fx) =>
        fx is null ? [first, "currency", "orders", "units", "revenue", "aov"] : [first, "currency", "orders", "units", "revenue", "aov", "rate_dates"];

    private static string? FxDetail(FxRates? fx) => fx is null ? null : $"converted to {fx.BaseCurrency} with the rates of {fx.Source}";

    /// <summary>
    /// The breakdown value of a fact; medium and campaign come from its landing when <paramref name="landing"/> has one
    /// under <paramref name="landingKey"/> (the device for funnels, the order's event id for revenue).
    /// </summary>
    private static object BreakdownKey(CommerceBreakdown breakdown, ReportZone? zone, DateTime timeUtc, string? landingKey, EventAttributes attributes, Dictionary<string, EventAttributes>? landing)
    {
        var landed = landingKey is not null && landing is not null && landing.TryGetValue(landingKey, out var l) ? l : attributes;
        return breakdown switch
        {
            CommerceBreakdown.Hour => zone!.LocalHour(timeUtc),
            CommerceBreakdown.Day => zone!.LocalDate(timeUtc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            CommerceBreakdown.Store => attributes.Store,
            CommerceBreakdown.Country => attributes.Country,
            CommerceBreakdown.Device => attributes.DeviceType,
            CommerceBreakdown.Browser => attributes.Browser,
            CommerceBreakdown.Medium => landed.Channel,
            CommerceBreakdown.Campaign => landed.Campaign,
            _ => "all",
        };
    }

    private async Task<List<OrderFact>> ReadOrdersAsync(DbConnection connection, ReportOptions options, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        return await QueryAsync(
            connection, "commerce.orders", options, from, to, _ => { },
            (r, _) =>
            {
                var storeCountry = NullableString(r, 7);
                var attributes = new EventAttributes(NullableString(r, 5), NullableString(r, 6), NullableString(r, 8), r.GetString(9), r.GetString(10),
                    NullableString(r, 11), NullableString(r, 12), NullableString(r, 13), NullableString(r, 14));
                return new OrderFact(r.GetString(0), FromMicros(r.GetInt64(1)), NullableString(r, 2), CartJson.Lines(NullableString(r, 3), NullableString(r, 4), storeCountry), attributes);
            },
            cancellationToken);
    }

    /// <summary>Device → its landing (first event in [from, to)): referrer medium, utm_medium, click id and campaign.</summary>
    private async Task<Dictionary<string, EventAttributes>> ReadLandingAsync(DbConnection connection, ReportOptions options, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            connection, "commerce.landing", options, from, to, _ => { },
            (r, _) => (Device: r.GetString(0), Attributes: new EventAttributes(null, null, null, "", "", NullableString(r, 1), NullableString(r, 2), NullableString(r, 3), NullableString(r, 4))),
            cancellationToken);
        var landing = new Dictionary<string, EventAttributes>(rows.Count, StringComparer.Ordinal);
        foreach (var (device, attributes) in rows)
        {
            landing[device] = attributes;
        }

        return landing;
    }

    /// <summary>Order event id → the landing of its session (commerce.order_sessions.sql); orders in no session are absent.</summary>
    private async Task<Dictionary<string, EventAttributes>> ReadOrderSessionLandingAsync(DbConnection connection, ReportOptions options, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            connection, "commerce.order_sessions", options, from, to, _ => { },
            (r, _) => (EventId: r.GetString(0), Attributes: new EventAttributes(null, null, null, "", "", NullableString(r, 1), NullableString(r, 2), null, NullableString(r, 3))),
            cancellationToken);
        var landing = new Dictionary<string, EventAttributes>(rows.Count, StringComparer.Ordinal);
        foreach (var (eventId, attributes) in rows)
        {
            landing[eventId] = attributes;
        }

        return landing;
    }

    private static List<ReportRow> Revenue(List<OrderFact> orders, Func<OrderFact, object> keyOf, CommerceBreakdown breakdown, FxRates? fx, DateOnly day)
    {
        // Per (key, currency): orders with a line in that currency, units and revenue; with a rate table, per key in the base.
        var totals = new Dictionary<(object Key, string Currency), (long Orders, decimal Units, decimal Revenue, SortedDictionary<string, DateOnly>? Rates)>();
        foreach (var order in orders)
        {
            var key = keyOf(order);
            foreach (var group in order.Lines.GroupBy(l => l.Currency, StringComparer.Ordinal))
            {
                var revenue = group.Sum(l => l.Price * l.Amount);
                var units = group.Sum(l => l.Amount);
                var currency = group.Key;
                SortedDictionary<string, DateOnly>? used = null;
                if (fx is not null)
                {
                    var (rate, date) = fx.RateOn(currency, day);
                    revenue *= rate;
                    used = new(StringComparer.Ordinal) { [currency] = date };
                    currency = fx.BaseCurrency;
                }

                var slot = (key, currency);
                var current = totals.GetValueOrDefault(slot);
                if (used is not null)
                {
                    current.Rates ??= new(StringComparer.Ordinal);
                    foreach (var (c, d) in used)
                    {
                        current.Rates[c] = d;
                    }
                }

                totals[slot] = (current.Orders, current.Units + units, current.Revenue + revenue, current.Rates);
            }

            // An order counts once per (key, currency) it has lines in: once in the base with a rate table.
            foreach (var currency in order.Lines.Select(l => fx?.BaseCurrency ?? l.Currency).Distinct(StringComparer.Ordinal))
            {
                var slot = (key, currency);
                var current = totals[slot];
                totals[slot] = current with { Orders = current.Orders + 1 };
            }
        }

        var byTime = breakdown is CommerceBreakdown.Hour or CommerceBreakdown.Day;
        var rows = totals.Select(t =>
        {
            var revenue = fx is null ? t.Value.Revenue : Math.Round(t.Value.Revenue, 2, MidpointRounding.AwayFromZero);
            var rates = t.Value.Rates is null ? null : string.Join(", ", t.Value.Rates.Select(r => $"{r.Key} {r.Value:yyyy-MM-dd}"));
            return new RevenueRow(t.Key.Key, t.Key.Currency, t.Value.Orders, t.Value.Units, revenue, Aov(revenue, t.Value.Orders), rates);
        }).ToList();
        rows.Sort((a, b) =>
        {
            if (byTime)
            {
                var c = CompareKeys(a.Key, b.Key);
                return c != 0 ? c : string.CompareOrdinal(a.Currency, b.Currency);
            }

            var byCurrency = string.CompareOrdinal(a.Currency, b.Currency);
            if (byCurrency != 0)
            {
                return byCurrency;
            }

            var byRevenue = b.Revenue.CompareTo(a.Revenue);
            return byRevenue != 0 ? byRevenue : CompareKeys(a.Key, b.Key);
        });
        return [.. rows];
    }

    private async Task<List<ReportRow>> TopProductsByRevenueAsync(DbConnection connection, List<OrderFact> orders, ReportOptions options, DateOnly day, CancellationToken cancellationToken)
    {
        var fx = options.Fx;
        var totals = new Dictionary<(string Product, string Currency), (decimal Units, decimal Revenue, HashSet<string> Orders, SortedDictionary<string, DateOnly> Rates)>();
        foreach (var order in orders)
        {
            foreach (var line in order.Lines)
            {
                if (line.ProductId is null)
                {
                    continue;
                }

                var revenue = line.Price * line.Amount;
                var currency = line.Currency;
                var rates = new SortedDictionary<string, DateOnly>(StringComparer.Ordinal);
                if (fx is not null)
                {
                    var (rate, date) = fx.RateOn(currency, day);
                    revenue *= rate;
                    rates[currency] = date;
                    currency = fx.BaseCurrency;
                }

                var slot = (line.ProductId, currency);
                if (!totals.TryGetValue(slot, out var current))
                {
                    current = (0m, 0m, new HashSet<string>(StringComparer.Ordinal), new SortedDictionary<string, DateOnly>(StringComparer.Ordinal));
                }

                current.Orders.Add(order.EventId);
                foreach (var (c, d) in rates)
                {
                    current.Rates[c] = d;
                }

                totals[slot] = (current.Units + line.Amount, current.Revenue + revenue, current.Orders, current.Rates);
            }
        }

        var limit = options.Limit ?? ReportCatalog.DefaultLimitOf(ReportKind.TopProductsByRevenue) ?? 10;
        var kept = totals
            .Select(t => (t.Key.Product, t.Key.Currency, t.Value.Units, Revenue: fx is null ? t.Value.Revenue : Math.Round(t.Value.Revenue, 2, MidpointRounding.AwayFromZero), Orders: (long)t.Value.Orders.Count, t.Value.Rates))
            .GroupBy(t => t.Currency, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => g.OrderByDescending(t => t.Revenue).ThenBy(t => t.Product, StringComparer.Ordinal).Take(limit).Select((t, i) => (Rank: i + 1, Row: t)))
            .ToList();
        var names = await ProductNamesAsync(connection, kept.Select(k => k.Row.Product).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        return [.. kept.Select(k => (ReportRow)new ProductRevenueRow(
            k.Rank, k.Row.Product, names.GetValueOrDefault(k.Row.Product), k.Row.Currency, k.Row.Units, k.Row.Revenue, k.Row.Orders,
            fx is null ? null : string.Join(", ", k.Row.Rates.Select(r => $"{r.Key} {r.Value:yyyy-MM-dd}"))))];
    }

    private async Task<Dictionary<string, string?>> ProductNamesAsync(DbConnection connection, List<string> productIds, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var start = 0; start < productIds.Count; start += MaxProductNameLookups)
        {
            var chunk = productIds.GetRange(start, Math.Min(MaxProductNameLookups, productIds.Count - start));
            await using var command = connection.CreateCommand();
            command.CommandText = ReportSqlText.Get(_database.Dialect, _database.ParameterPrefix, "commerce.product_names", 0, chunk.Count);
            for (var i = 0; i < chunk.Count; i++)
            {
                command.Parameters.Add(_database.CreateParameter("p" + i.ToString(CultureInfo.InvariantCulture), chunk[i]));
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                names[reader.GetString(0)] = NullableString(reader, 1);
            }
        }

        return names;
    }

    private static decimal Aov(decimal revenue, long orders) => orders == 0 ? 0 : Math.Round(revenue / orders, 2, MidpointRounding.AwayFromZero);

    private static int CompareKeys(object a, object b) => a is int x && b is int y ? x.CompareTo(y) : string.CompareOrdinal(a.ToString(), b.ToString());

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
