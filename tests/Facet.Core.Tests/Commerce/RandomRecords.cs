using System.Globalization;
using Facet.Core.Commerce;

namespace Facet.Core.Tests.Commerce;

/// <summary>
/// Arbitrary records within the model's invariants (what a decoder can return): non-empty strings with quotes,
/// backslashes, line breaks and non-ASCII text; times with full tick precision from 2000 to "now"; decimals of any
/// scale; every optional field sometimes null.
/// </summary>
internal sealed class RandomRecords(int seed)
{
    private static readonly string[] Pieces = ["a", "Z", "7", " ", "\"", "\\", "'", "\n", "\t", "é", "中", "😀", "<", "&", "\u2028", "Jakarta", "{", "[", "None"];

    private static readonly DateTimeOffset Start = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Random _random = new(seed);

    public Customer Customer() => new()
    {
        CustomerId = Id(),
        Name = Maybe(Text),
        FirstName = Maybe(Text),
        LastName = Maybe(Text),
        Username = Maybe(Text),
        Email = Maybe(Text),
        Gender = Maybe(() => (CustomerGender?)Pick(Enum.GetValues<CustomerGender>())),
        BirthDate = Maybe(() => (DateOnly?)DateOnly.FromDayNumber(_random.Next(new DateOnly(1900, 1, 1).DayNumber, new DateOnly(2024, 11, 30).DayNumber))),
        Age = Maybe(() => (int?)_random.Next(0, 151)),
        Address = Maybe(Text),
        HomeLocation = Maybe(Text),
        HomeCountry = Maybe(Text),
        HomeLatitude = Maybe(() => (double?)((_random.NextDouble() * 180) - 90)),
        HomeLongitude = Maybe(() => (double?)((_random.NextDouble() * 360) - 180)),
        DeviceType = Maybe(Text),
        DeviceId = Maybe(Text),
        DeviceVersion = Maybe(Text),
        AccountCreatedAt = Maybe(() => (DateTimeOffset?)Time()),
        LastLoginAt = Maybe(() => (DateTimeOffset?)Time()),
        UpdatedAt = Maybe(() => (DateTimeOffset?)Time()),
    };

    public Product Product() => new()
    {
        ProductId = Id(),
        Name = Maybe(Text),
        Category = Maybe(Text),
        SubCategory = Maybe(Text),
        ArticleType = Maybe(Text),
        Gender = Maybe(Text),
        BaseColour = Maybe(Text),
        Season = Maybe(Text),
        Year = Maybe(() => (int?)_random.Next(1900, 2201)),
        Usage = Maybe(Text),
        Price = Maybe(() => (decimal?)Amount()),
        Currency = Maybe(() => Pick(["IDR", "USD", "EUR"])),
        StockQuantity = Maybe(() => (int?)_random.Next(0, int.MaxValue)),
        Supplier = Maybe(Text),
        Rating = Maybe(() => (decimal?)(_random.Next(0, 501) / 100m)),
        UpdatedAt = Maybe(() => (DateTimeOffset?)Time()),
    };

    public Order Order() => new()
    {
        OrderId = Id(),
        CustomerId = Id(),
        SessionId = Maybe(Id),
        CreatedAt = Time(),
        Status = Maybe(() => (OrderStatus?)Pick(Enum.GetValues<OrderStatus>())),
        PaymentMethod = Maybe(() => (PaymentMethod?)Pick(Enum.GetValues<PaymentMethod>())),
        PaymentStatus = Maybe(() => (PaymentStatus?)Pick(Enum.GetValues<PaymentStatus>())),
        Lines = new ValueList<OrderLine>(Enumerable.Range(0, _random.Next(1, 6)).Select(_ => new OrderLine(Id(), _random.Next(0, 100), Maybe(() => (decimal?)Amount())))),
        Currency = Maybe(() => Pick(["IDR", "USD"])),
        PromoCode = Maybe(Text),
        PromoAmount = Maybe(() => (decimal?)Amount()),
        ShipmentFee = Maybe(() => (decimal?)Amount()),
        ShipmentDueAt = Maybe(() => (DateTimeOffset?)Time()),
        ShipmentLatitude = Maybe(() => (double?)((_random.NextDouble() * 180) - 90)),
        ShipmentLongitude = Maybe(() => (double?)((_random.NextDouble() * 360) - 180)),
        TotalAmount = Maybe(() => (decimal?)Amount()),
    };

    public ProductView ProductView() => new()
    {
        ViewId = Id(),
        CustomerId = Id(),
        ProductId = Id(),
        ViewedAt = Time(),
        ViewDurationSeconds = Maybe(() => (double?)(_random.Next(2) == 0 ? _random.Next(0, 3600) : _random.NextDouble() * 3600)),
        SessionId = Maybe(Id),
    };

    public UserInteraction UserInteraction()
    {
        var type = Pick(Enum.GetValues<InteractionType>());
        return new UserInteraction
        {
            InteractionId = Id(),
            CustomerId = Id(),
            ProductId = Id(),
            OccurredAt = Time(),
            Type = type,
            ReviewText = Maybe(Text),
            Rating = Maybe(() => (int?)_random.Next(1, 6)),

            // The decoder reads a review's details as its text and a rating's as its stars, so only other types keep details.
            Details = type == InteractionType.WishlistAddition ? Maybe(Text) : null,
        };
    }

    public ClickEvent ClickEvent() => new()
    {
        EventId = Id(),
        SessionId = Id(),
        EventName = Pick(Enum.GetValues<ClickEventName>()),
        EventTime = Time(),
        TrafficSource = Maybe(() => Pick(["WEB", "MOBILE", "EMAIL-CAMPAIGN"])),
        CustomerId = Maybe(Id),
        Metadata = Maybe(() => new ClickEventMetadata
        {
            ProductId = Maybe(Id),
            Quantity = Maybe(() => (int?)_random.Next(0, 50)),
            ItemPrice = Maybe(() => (decimal?)Amount()),
            PaymentStatus = Maybe(() => (PaymentStatus?)Pick(Enum.GetValues<PaymentStatus>())),
            SearchKeywords = Maybe(Text),
            PromoCode = Maybe(Text),
            PromoAmount = Maybe(() => (decimal?)Amount()),
            OtherJson = Maybe(() => string.Create(CultureInfo.InvariantCulture, $$"""{"page":{{_random.Next(100)}},"tag":"t{{_random.Next(9)}}"}""")),
        }),
    };

    public SystemLogEntry SystemLogEntry() => new()
    {
        LogId = Id(),
        LoggedAt = Time(),
        Level = Pick(Enum.GetValues<SystemLogLevel>()),
        Message = Text(),
        Service = Maybe(Text),
    };

    private T? Maybe<T>(Func<T> value) => _random.Next(3) == 0 ? default : value();

    private T Pick<T>(T[] values) => values[_random.Next(values.Length)];

    private string Id()
    {
        const string chars = "abcdefghijklmnopqrstuvwxyzABCDEF0123456789-_.:";
        return _random.Next(3) == 0
            ? _random.NextInt64(0, long.MaxValue).ToString(CultureInfo.InvariantCulture)
            : new string(Enumerable.Range(0, _random.Next(1, 40)).Select(_ => chars[_random.Next(chars.Length)]).ToArray());
    }

    private string Text() => string.Concat(Enumerable.Range(0, _random.Next(1, 8)).Select(_ => Pieces[_random.Next(Pieces.Length)]));

    private DateTimeOffset Time() => Start.AddTicks(_random.NextInt64(0, (ShapeASamples.Now - Start).Ticks));

    private decimal Amount() => new(_random.Next(), _random.Next(0, 1000), 0, false, (byte)_random.Next(0, 5));
}
