using System.Globalization;
using Facet.Core.Commerce;
using Facet.Storage.Reports;
using Facet.Storage.Reports.Shop;

namespace Facet.Testing;

/// <summary>
/// The commerce entity reports recounted by brute force from the generated records (<see cref="CommerceRecords"/>):
/// LINQ over the records, TimeZoneInfo for local days and hours, the rules of docs/reports.md "Commerce reports" written
/// again here — never the SQL or the report code. Shared by the report tests (records made in process) and the crash
/// and re-import tests (records read back from the files and topics a facet process loaded).
/// </summary>
public sealed class ShopOracle(CommerceRecords world, string tz, DateOnly first, DateOnly until, string? country = null, string? category = null, int? limit = null)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(tz);

    private bool OneDay => until == first.AddDays(1);

    private DateTime Local(DateTimeOffset t) => TimeZoneInfo.ConvertTimeFromUtc(t.UtcDateTime, _zone);

    private bool InPeriod(DateTimeOffset t)
    {
        var day = DateOnly.FromDateTime(Local(t));
        return day >= first && day < until;
    }

    private bool CountryMatches(string? customerId)
    {
        if (country is null)
        {
            return true;
        }

        var home = customerId is not null && world.Customers.TryGetValue(customerId, out var c) ? c.HomeCountry ?? "" : "";
        var wanted = country.Length == 2 ? new RegionInfo(country).EnglishName : country;
        return string.Equals(home, wanted, StringComparison.OrdinalIgnoreCase) || string.Equals(home, country, StringComparison.OrdinalIgnoreCase);
    }

    private Product? Product(string id) => world.Products.TryGetValue(id, out var versions) ? versions.MaxBy(p => p.UpdatedAt) : null;

    private bool CategoryMatches(string productId) =>
        category is null || string.Equals(Product(productId)?.Category ?? "", category, StringComparison.OrdinalIgnoreCase);

    /// <summary>The price at <paramref name="at"/>: the product version with the latest updated_at not after it.</summary>
    private decimal? PriceAt(string productId, DateTimeOffset at) =>
        world.Products.TryGetValue(productId, out var versions)
            ? versions.Where(v => v.UpdatedAt <= at).OrderByDescending(v => v.UpdatedAt).Select(v => v.Price).FirstOrDefault()
            : null;

    private static string Outcome(Order o)
    {
        if (o.PaymentStatus == PaymentStatus.Failed)
        {
            return "failed";
        }

        if (o.Status == OrderStatus.Cancelled)
        {
            return "cancelled";
        }

        return o.PaymentStatus switch
        {
            PaymentStatus.Success => "successful",
            PaymentStatus.Pending => "pending",
            _ => o.Status switch { OrderStatus.Completed => "successful", OrderStatus.Pending => "pending", _ => "unknown" },
        };
    }

    private static bool Paid(Order o) => Outcome(o) == "successful";

    private List<Order> Orders() => [.. world.Orders.Where(o => InPeriod(o.CreatedAt) && CountryMatches(o.CustomerId))];

    private sealed record Line(Order Order, string ProductId, long Quantity, decimal Revenue, string Currency);

    private List<Line> Lines() => [.. Orders().SelectMany(o => o.Lines.Where(l => CategoryMatches(l.ProductId))
        .Select(l => new Line(o, l.ProductId, l.Quantity, (l.ItemPrice ?? PriceAt(l.ProductId, o.CreatedAt) ?? 0m) * l.Quantity, o.Currency ?? "(unknown)")))];

    private decimal OrderRevenue(Order o) => o.Lines.Sum(l => (l.ItemPrice ?? PriceAt(l.ProductId, o.CreatedAt) ?? 0m) * l.Quantity);

    private object Bucket(DateTimeOffset t, bool byDay)
    {
        var local = Local(t);
        return byDay ? local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : OneDay ? local.Hour : local.ToString("yyyy-MM-dd HH", CultureInfo.InvariantCulture) + ":00";
    }

    private static int CompareBuckets(object a, object b) => a is int x && b is int y ? x.CompareTo(y) : string.CompareOrdinal((string)a, (string)b);

    private static decimal Aov(decimal revenue, long orders) => Math.Round(revenue / orders, 2, MidpointRounding.AwayFromZero);

    private static double Ratio(long part, long whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4, MidpointRounding.AwayFromZero);

    private List<ReportRow> Take(IEnumerable<ShopRow> rows) => [.. (limit is { } n ? rows.Take(n) : rows)];

    public List<ReportRow> Revenue(bool byDay)
    {
        var rows = new List<(object Key, string Currency, ShopRow Row)>();
        foreach (var g in Lines().Where(l => Paid(l.Order)).GroupBy(l => (Key: Bucket(l.Order.CreatedAt, byDay), l.Currency)))
        {
            var revenue = g.Sum(l => l.Revenue);
            var orders = g.Select(l => l.Order.OrderId).Distinct().LongCount();
            rows.Add((g.Key.Key, g.Key.Currency, new ShopRow(g.Key.Key, g.Key.Currency, orders, g.Sum(l => l.Quantity), revenue, Aov(revenue, orders))));
        }

        rows.Sort((a, b) => CompareBuckets(a.Key, b.Key) is var c && c != 0 ? c : string.CompareOrdinal(a.Currency, b.Currency));
        return Take(rows.Select(r => r.Row));
    }

    public List<ReportRow> OrdersReport(bool byDay)
    {
        var rows = Orders().GroupBy(o => Bucket(o.CreatedAt, byDay)).ToList();
        rows.Sort((a, b) => CompareBuckets(a.Key, b.Key));
        return Take(rows.Select(g => new ShopRow(g.Key, g.LongCount(), Count(g, "successful"), Count(g, "failed"), Count(g, "pending"), Count(g, "cancelled"))));

        static long Count(IEnumerable<Order> orders, string outcome) => orders.LongCount(o => Outcome(o) == outcome);
    }

    public List<ReportRow> TopProductsByRevenue()
    {
        var rows = new List<ReportRow>();
        foreach (var currency in Lines().Where(l => Paid(l.Order)).GroupBy(l => l.Currency).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var rank = 0;
            foreach (var p in currency.GroupBy(l => l.ProductId).Select(g => (Id: g.Key, Units: g.Sum(l => l.Quantity), Revenue: g.Sum(l => l.Revenue), Orders: g.Select(l => l.Order.OrderId).Distinct().LongCount()))
                .OrderByDescending(p => p.Revenue).ThenBy(p => p.Id, StringComparer.Ordinal).Take(limit ?? 10))
            {
                rows.Add(new ShopRow(++rank, p.Id, Product(p.Id)?.Name, Product(p.Id)?.Category, currency.Key, p.Units, p.Revenue, p.Orders));
            }
        }

        return rows;
    }

    public List<ReportRow> TopProductsByUnits()
    {
        var rank = 0;
        return [.. Lines().Where(l => Paid(l.Order)).GroupBy(l => l.ProductId)
            .Select(g => (Id: g.Key, Units: g.Sum(l => l.Quantity), Orders: g.Select(l => l.Order.OrderId).Distinct().LongCount()))
            .OrderByDescending(p => p.Units).ThenBy(p => p.Id, StringComparer.Ordinal).Take(limit ?? 10)
            .Select(p => (ReportRow)new ShopRow(++rank, p.Id, Product(p.Id)?.Name, Product(p.Id)?.Category, p.Units, p.Orders))];
    }

    public List<ReportRow> TopCategories(bool byUnits)
    {
        var rows = new List<ReportRow>();
        foreach (var currency in Lines().Where(l => Paid(l.Order)).GroupBy(l => l.Currency).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var categories = currency.GroupBy(l => Product(l.ProductId)?.Category ?? "(unknown)")
                .Select(g => (Name: g.Key, Units: g.Sum(l => l.Quantity), Revenue: g.Sum(l => l.Revenue), Orders: g.Select(l => l.Order.OrderId).Distinct().LongCount()));
            var ordered = byUnits ? categories.OrderByDescending(c => c.Units).ThenByDescending(c => c.Revenue) : categories.OrderByDescending(c => c.Revenue).ThenByDescending(c => c.Units);
            var rank = 0;
            rows.AddRange(ordered.ThenBy(c => c.Name, StringComparer.Ordinal).Take(limit ?? 10).Select(c => new ShopRow(++rank, c.Name, currency.Key, c.Units, c.Revenue, c.Orders)));
        }

        return rows;
    }

    public List<ReportRow> PaymentMethods() => Take(Orders()
        .GroupBy(o => (Method: o.PaymentMethod is { } m ? PaymentText(m) : "(unknown)", Currency: o.Currency ?? "(unknown)"))
        .OrderBy(g => g.Key.Currency, StringComparer.Ordinal).ThenByDescending(g => g.Count()).ThenBy(g => g.Key.Method, StringComparer.Ordinal)
        .Select(g =>
        {
            long failed = g.Count(o => Outcome(o) == "failed");
            return new ShopRow(g.Key.Method, g.LongCount(), g.LongCount(Paid), failed, Ratio(failed, g.LongCount()), g.Key.Currency, g.Where(Paid).Sum(OrderRevenue));
        }));

    public List<ReportRow> Promos() => Take(Orders().Where(o => Paid(o) && !string.IsNullOrEmpty(o.PromoCode))
        .GroupBy(o => (Code: o.PromoCode!, Currency: o.Currency ?? "(unknown)"))
        .OrderBy(g => g.Key.Currency, StringComparer.Ordinal).ThenByDescending(g => g.Count()).ThenBy(g => g.Key.Code, StringComparer.Ordinal)
        .Select(g => new ShopRow(g.Key.Code, g.LongCount(), g.Key.Currency, g.Sum(o => o.PromoAmount ?? 0m))));

    public List<ReportRow> NewVsReturning()
    {
        return Take(Orders().Where(Paid)
            .GroupBy(o => (Type: world.Orders.Any(e => e.CustomerId == o.CustomerId && Paid(e) && DateOnly.FromDateTime(Local(e.CreatedAt)) < first) ? "returning" : "new", Currency: o.Currency ?? "(unknown)"))
            .OrderBy(g => g.Key.Type, StringComparer.Ordinal).ThenBy(g => g.Key.Currency, StringComparer.Ordinal)
            .Select(g => new ShopRow(g.Key.Type, g.Select(o => o.CustomerId).Distinct().LongCount(), g.LongCount(), g.Key.Currency, g.Sum(OrderRevenue))));
    }

    public List<ReportRow> Demographics()
    {
        var end = TimeZoneInfo.ConvertTimeToUtc(until.ToDateTime(TimeOnly.MinValue), _zone);
        var lastDay = until.AddDays(-1);
        string[] bands = ["under 18", "18-24", "25-34", "35-44", "45-54", "55-64", "65+", "unknown"];
        // A customer a fact names but whose own record never arrived is an inferred member: no opening date, gender or age.
        var inferred = world.Orders.Select(o => o.CustomerId).Concat(world.Views.Select(v => v.CustomerId)).Concat(world.Interactions.Select(i => i.CustomerId))
            .Concat(world.Clicks.Select(e => e.CustomerId)).OfType<string>().Where(id => id.Length > 0 && !world.Customers.ContainsKey(id)).Distinct(StringComparer.Ordinal)
            .Select(id => new Customer { CustomerId = id });
        return Take(world.Customers.Values.Concat(inferred).Where(c => (c.AccountCreatedAt is null || c.AccountCreatedAt.Value.UtcDateTime < end) && CountryMatches(c.CustomerId))
            .GroupBy(c => (Gender: c.Gender switch { CustomerGender.Female => "female", CustomerGender.Male => "male", CustomerGender.Other => "other", _ => "unknown" }, Band: Band(c, lastDay)))
            .OrderBy(g => g.Key.Gender, StringComparer.Ordinal).ThenBy(g => Array.IndexOf(bands, g.Key.Band))
            .Select(g => new ShopRow(g.Key.Gender, g.Key.Band, g.LongCount())));
    }

    private static string Band(Customer c, DateOnly on)
    {
        int? age = c.Age;
        if (c.BirthDate is { } b)
        {
            age = on.Year - b.Year;
            if (on.Month < b.Month || (on.Month == b.Month && on.Day < b.Day))
            {
                age--;
            }
        }

        return age switch { null => "unknown", < 18 => "under 18", <= 24 => "18-24", <= 34 => "25-34", <= 44 => "35-44", <= 54 => "45-54", <= 64 => "55-64", _ => "65+" };
    }

    private List<ClickEvent> Clicks() => [.. world.Clicks.Where(e => InPeriod(e.EventTime) && CountryMatches(e.CustomerId))];

    public List<ReportRow> TrafficSources()
    {
        var ordered = Orders().Where(o => o.SessionId is not null).Select(o => o.SessionId!).ToHashSet();
        return Take(Clicks().GroupBy(e => e.TrafficSource ?? "(unknown)")
            .Select(g => (Name: g.Key, Sessions: g.Select(e => e.SessionId).Distinct().ToList(), Events: g.LongCount()))
            .OrderByDescending(s => s.Sessions.Count).ThenBy(s => s.Name, StringComparer.Ordinal)
            .Select(s => new ShopRow(s.Name, (long)s.Sessions.Count, s.Events, s.Sessions.LongCount(ordered.Contains), Ratio(s.Sessions.LongCount(ordered.Contains), s.Sessions.Count))));
    }

    public List<ReportRow> SessionEvents() => Take(Clicks().GroupBy(e => e.EventName)
        .Select(g => (Name: EventText(g.Key), Events: g.LongCount(), Sessions: g.Select(e => e.SessionId).Distinct().LongCount()))
        .OrderByDescending(s => s.Events).ThenBy(s => s.Name, StringComparer.Ordinal)
        .Select(s => new ShopRow(s.Name, s.Events, s.Sessions)));

    public List<ReportRow> DeviceTypes() => Take(Clicks()
        .GroupBy(e => e.CustomerId is not null && world.Customers.TryGetValue(e.CustomerId, out var c) && c.DeviceType is { } d ? d : "(unknown)")
        .Select(g => (Name: g.Key, Customers: g.Where(e => e.CustomerId is not null).Select(e => e.CustomerId).Distinct().LongCount(), Sessions: g.Select(e => e.SessionId).Distinct().LongCount()))
        .OrderByDescending(s => s.Sessions).ThenBy(s => s.Name, StringComparer.Ordinal)
        .Select(s => new ShopRow(s.Name, s.Customers, s.Sessions)));

    public List<ReportRow> ViewDuration()
    {
        var rank = 0;
        return [.. world.Views.Where(v => InPeriod(v.ViewedAt) && CountryMatches(v.CustomerId) && CategoryMatches(v.ProductId)).GroupBy(v => v.ProductId)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(limit ?? 10)
            .Select(g =>
            {
                var timed = g.Where(v => v.ViewDurationSeconds is not null).ToList();
                double? average = timed.Count == 0 ? null : Math.Round(timed.Sum(v => v.ViewDurationSeconds!.Value) / timed.Count, 2, MidpointRounding.AwayFromZero);
                return (ReportRow)new ShopRow(++rank, g.Key, Product(g.Key)?.Name, g.LongCount(), average);
            })];
    }

    public List<ReportRow> Ratings()
    {
        var rank = 0;
        return [.. world.Interactions.Where(i => InPeriod(i.OccurredAt) && CountryMatches(i.CustomerId) && CategoryMatches(i.ProductId)).GroupBy(i => i.ProductId)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(limit ?? 10)
            .Select(g =>
            {
                var rated = g.Where(i => i.Rating is not null).ToList();
                double? average = rated.Count == 0 ? null : Math.Round((double)rated.Sum(i => (long)i.Rating!.Value) / rated.Count, 2, MidpointRounding.AwayFromZero);
                return (ReportRow)new ShopRow(++rank, g.Key, Product(g.Key)?.Name, rated.LongCount(), average,
                    g.LongCount(i => i.Type == InteractionType.Review), g.LongCount(i => i.Type == InteractionType.WishlistAddition));
            })];
    }

    public List<ReportRow> LogErrors(bool byDay)
    {
        var rows = world.Logs.Where(l => InPeriod(l.LoggedAt)).GroupBy(l => Bucket(l.LoggedAt, byDay)).ToList();
        rows.Sort((a, b) => CompareBuckets(a.Key, b.Key));
        return Take(rows.Select(g =>
        {
            long errors = g.Count(l => l.Level is SystemLogLevel.Error or SystemLogLevel.Critical);
            return new ShopRow(g.Key, g.LongCount(), errors, g.LongCount(l => l.Level == SystemLogLevel.Warning), Ratio(errors, g.LongCount()));
        }));
    }

    private static string PaymentText(PaymentMethod m) => m switch
    {
        PaymentMethod.CreditCard => "credit_card",
        PaymentMethod.DebitCard => "debit_card",
        PaymentMethod.PayPal => "paypal",
        PaymentMethod.BankTransfer => "bank_transfer",
        PaymentMethod.GoPay => "gopay",
        PaymentMethod.Ovo => "ovo",
        PaymentMethod.LinkAja => "linkaja",
        PaymentMethod.ShopeePay => "shopeepay",
        _ => "cash_on_delivery",
    };

    private static string EventText(ClickEventName name) => name switch
    {
        ClickEventName.Homepage => "HOMEPAGE",
        ClickEventName.Search => "SEARCH",
        ClickEventName.ItemDetail => "ITEM_DETAIL",
        ClickEventName.AddToCart => "ADD_TO_CART",
        ClickEventName.Booking => "BOOKING",
        ClickEventName.PromoPage => "PROMO_PAGE",
        ClickEventName.AddPromo => "ADD_PROMO",
        ClickEventName.Scroll => "SCROLL",
        _ => "CLICK",
    };
}
