using Facet.Core.Commerce;

namespace Facet.Testing;

/// <summary>Small, valid commerce records for warehouse and pipeline tests (times in 2024, UTC).</summary>
public static class CommerceTestRecords
{
    public static readonly DateTimeOffset Noon = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    public static Customer Customer(string id, DateTimeOffset? updatedAt = null, string? name = null) => new()
    {
        CustomerId = id,
        Name = name ?? "Customer " + id,
        Email = id + "@example.org",
        Gender = CustomerGender.Female,
        Age = 30,
        AccountCreatedAt = Noon.AddDays(-100),
        LastLoginAt = updatedAt ?? Noon,
        UpdatedAt = updatedAt ?? Noon,
    };

    public static Product Product(string id, decimal price, DateTimeOffset updatedAt, string? name = null) => new()
    {
        ProductId = id,
        Name = name ?? "Product " + id,
        Category = "Apparel",
        Price = price,
        Currency = "IDR",
        StockQuantity = 10,
        UpdatedAt = updatedAt,
    };

    /// <summary>An order of <paramref name="lines"/> (product id, quantity, item price or null as in Shape A).</summary>
    public static Order Order(string id, string customerId, DateTimeOffset createdAt, params (string ProductId, int Quantity, decimal? ItemPrice)[] lines) => new()
    {
        OrderId = id,
        CustomerId = customerId,
        CreatedAt = createdAt,
        Status = OrderStatus.Completed,
        PaymentMethod = PaymentMethod.CreditCard,
        PaymentStatus = PaymentStatus.Success,
        Currency = "IDR",
        Lines = new ValueList<OrderLine>([.. lines.Select(l => new OrderLine(l.ProductId, l.Quantity, l.ItemPrice))]),
    };

    public static ProductView View(string id, string customerId = "c1", string productId = "p1") => new()
    {
        ViewId = id,
        CustomerId = customerId,
        ProductId = productId,
        ViewedAt = Noon,
        ViewDurationSeconds = 42.5,
    };

    public static UserInteraction Interaction(string id, int? rating = 4) => new()
    {
        InteractionId = id,
        CustomerId = "c1",
        ProductId = "p1",
        OccurredAt = Noon,
        Type = InteractionType.Rating,
        Rating = rating,
    };

    public static ClickEvent Click(string id, string session = "s1") => new()
    {
        EventId = id,
        SessionId = session,
        EventName = ClickEventName.AddToCart,
        EventTime = Noon,
        TrafficSource = "WEB",
        Metadata = new ClickEventMetadata { ProductId = "p1", Quantity = 1, ItemPrice = 1000m },
    };

    public static SystemLogEntry Log(string id, SystemLogLevel level = SystemLogLevel.Error) => new()
    {
        LogId = id,
        LoggedAt = Noon,
        Level = level,
        Message = "message " + id,
        Service = "checkout",
    };
}
