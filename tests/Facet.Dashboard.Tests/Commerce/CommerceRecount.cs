using Facet.Core.Commerce;

namespace Facet.Dashboard.Tests.Commerce;

/// <summary>
/// The commerce KPIs recounted in C# from the generated records, by the definitions of docs/reports.md ("Commerce
/// reports" and "Commerce KPIs"), without any SQL or production code: a message's id decides duplicates (the first one
/// counts), a customer's newest version gives its home country, a product's record its category.
/// </summary>
public sealed class CommerceRecount
{
    private readonly List<Order> _orders;
    private readonly List<ClickEvent> _clicks;
    private readonly Dictionary<string, string?> _countries;
    private readonly Dictionary<string, string?> _categories;
    private readonly DateTimeOffset _newestEvent;

    public CommerceRecount(CommerceWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        _orders = world.Records<Order>().DistinctBy(o => o.OrderId).ToList();
        _clicks = world.Records<ClickEvent>().DistinctBy(e => e.EventId).ToList();
        _countries = world.Records<Customer>()
            .GroupBy(c => c.CustomerId)
            .ToDictionary(g => g.Key, g => g.MaxBy(c => (c.UpdatedAt ?? c.LastLoginAt ?? c.AccountCreatedAt)?.UtcTicks ?? 0)!.HomeCountry);
        _categories = world.Records<Product>().GroupBy(p => p.ProductId).ToDictionary(g => g.Key, g => g.First().Category);
        _newestEvent = new[]
        {
            _orders.Max(o => o.CreatedAt), _clicks.Max(e => e.EventTime), world.Records<ProductView>().Max(v => v.ViewedAt),
            world.Records<UserInteraction>().Max(u => u.OccurredAt), world.Records<SystemLogEntry>().Max(l => l.LoggedAt),
        }.Max();
        Streams = new Dictionary<string, (long Records, DateTimeOffset? Latest)>
        {
            [CommerceTopics.Transactions] = (_orders.Count, _orders.Max(o => (DateTimeOffset?)o.CreatedAt)),
            [CommerceTopics.ClickStream] = (_clicks.Count, _clicks.Max(e => (DateTimeOffset?)e.EventTime)),
            [CommerceTopics.ProductViews] = Fact(world.Records<ProductView>().DistinctBy(v => v.ViewId), v => v.ViewedAt),
            [CommerceTopics.UserInteractions] = Fact(world.Records<UserInteraction>().DistinctBy(u => u.InteractionId), u => u.OccurredAt),
            [CommerceTopics.SystemLogs] = Fact(world.Records<SystemLogEntry>().DistinctBy(l => l.LogId), l => l.LoggedAt),
            [CommerceTopics.Customers] = (_countries.Count, world.Records<Customer>().Max(c => c.UpdatedAt ?? c.LastLoginAt ?? c.AccountCreatedAt)),
        };
    }

    /// <summary>Per fact stream (and customers): distinct records and the newest event time.</summary>
    public IReadOnlyDictionary<string, (long Records, DateTimeOffset? Latest)> Streams { get; }

    public IReadOnlyList<string> Categories => _categories.Values.OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>date=latest: the local day of the newest order, product view, interaction, click event or log line.</summary>
    public DateOnly LatestDay(TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_newestEvent, zone).DateTime);

    public IReadOnlyList<DateOnly> OrderDays(TimeZoneInfo zone) =>
        _orders.Select(o => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(o.CreatedAt, zone).DateTime)).Distinct().Order().ToList();

    /// <summary>The orders <see cref="Count"/> counts (placed that day, in that country, holding a line of that category).</summary>
    public IReadOnlyList<Order> Orders(DateOnly day, TimeZoneInfo zone, string? category, string? country) =>
        _orders.Where(o => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(o.CreatedAt, zone).DateTime) == day
            && (country is null || _countries.GetValueOrDefault(o.CustomerId) == country)
            && (category is null || o.Lines.Any(l => _categories.GetValueOrDefault(l.ProductId) == category))).ToList();

    public Expected Count(DateOnly day, TimeZoneInfo zone, string? category, string? country)
    {
        ArgumentNullException.ThrowIfNull(zone);
        bool OnDay(DateTimeOffset t) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(t, zone).DateTime) == day;
        bool InCountry(string? customerId) => country is null || (customerId is not null && _countries.GetValueOrDefault(customerId) == country);
        List<OrderLine> Lines(Order o) => o.Lines.Where(l => category is null || _categories.GetValueOrDefault(l.ProductId) == category).ToList();

        var currencies = new SortedDictionary<string, ExpectedCurrency>(StringComparer.Ordinal);
        foreach (var order in _orders.Where(o => OnDay(o.CreatedAt) && InCountry(o.CustomerId)))
        {
            var lines = Lines(order);
            if (category is not null && lines.Count == 0)
            {
                continue;
            }

            var currency = order.Currency ?? "(unknown)";
            var c = currencies.TryGetValue(currency, out var existing) ? existing : currencies[currency] = new ExpectedCurrency(currency);
            c.Orders++;
            var outcome = Outcome(order);
            if (outcome == "failed")
            {
                c.Failed++;
            }

            if (outcome == "successful")
            {
                c.Successful++;
                c.Units += lines.Sum(l => (long)l.Quantity);
                c.Revenue += lines.Sum(l => l.Amount ?? 0);
                c.PaidWithLines += lines.Count > 0 ? 1 : 0;
            }
        }

        var sessions = _clicks.Where(e => OnDay(e.EventTime) && InCountry(e.CustomerId)).Select(e => e.SessionId).ToHashSet(StringComparer.Ordinal);
        var converted = _orders.Where(o => OnDay(o.CreatedAt) && InCountry(o.CustomerId) && o.SessionId is not null && sessions.Contains(o.SessionId) && (category is null || Lines(o).Count > 0))
            .Select(o => o.SessionId!).Distinct(StringComparer.Ordinal).Count();
        return new Expected(currencies.Values.ToList(), sessions.Count, converted);
    }

    /// <summary>An order's outcome, first match wins: failed payment, cancelled, paid, pending; Shape A's status without a payment.</summary>
    private static string? Outcome(Order o) => (o.Status, o.PaymentStatus) switch
    {
        (_, PaymentStatus.Failed) => "failed",
        (OrderStatus.Cancelled, _) => "cancelled",
        (_, PaymentStatus.Success) => "successful",
        (_, PaymentStatus.Pending) => "pending",
        (OrderStatus.Completed, null) => "successful",
        (OrderStatus.Pending, null) => "pending",
        _ => null,
    };

    private static (long, DateTimeOffset?) Fact<T>(IEnumerable<T> records, Func<T, DateTimeOffset> time)
    {
        var list = records.ToList();
        return (list.Count, list.Count == 0 ? null : list.Max(time));
    }

    public sealed record Expected(IReadOnlyList<ExpectedCurrency> Currencies, long Sessions, long SessionsWithOrder)
    {
        public long Orders => Currencies.Sum(c => c.Orders);
    }

    public sealed class ExpectedCurrency(string currency)
    {
        public string Currency { get; } = currency;

        public long Orders { get; set; }

        public long Successful { get; set; }

        public long Failed { get; set; }

        public long Units { get; set; }

        public decimal Revenue { get; set; }

        /// <summary>Successful orders with a counted line: the divisor of the average order value.</summary>
        public long PaidWithLines { get; set; }
    }
}
