using System.Diagnostics.CodeAnalysis;

namespace Facet.Core.Events;

/// <summary>
/// One accepted shop event after parsing and validation: types normalized, nothing meaningful dropped
/// (unknown fields are kept in <see cref="ExtraJson"/>). Field-by-field rules are in docs/events.md.
/// </summary>
public sealed class ShopEvent
{
    public ShopEvent()
    {
    }

    /// <summary>The parser's constructor: the ids as it read them, without a string for a compact one.</summary>
#pragma warning disable CS8618 // EventId has no field of its own: it reads EventIdText, set here.
    [SetsRequiredMembers]
    internal ShopEvent(IdText eventId, IdText sourceDocId, DateTimeOffset eventTime, string collection)
#pragma warning restore CS8618
    {
        EventIdText = eventId;
        SourceDocIdText = sourceDocId;
        EventTime = eventTime;
        Collection = collection;
    }

    /// <summary>The event identity (<c>id</c>); the deduplication key. A new string per read when the id is held compactly
    /// (<see cref="EventIdText"/>): hot paths read that instead.</summary>
    public required string EventId
    {
        get => EventIdText.ToText()!;
        init => EventIdText = IdText.From(value ?? throw new ArgumentNullException(nameof(EventId)));
    }

    /// <summary><see cref="EventId"/> as the event holds it: a canonical UUID as its bytes (issue 22, <see cref="IdText"/>).</summary>
    public IdText EventIdText { get; private init; }

    /// <summary><c>_id</c>: hex ObjectId of the source document; not unique. A new string per read, as <see cref="EventId"/>.</summary>
    public string? SourceDocId
    {
        get => SourceDocIdText.ToText();
        init => SourceDocIdText = IdText.From(value);
    }

    /// <summary><see cref="SourceDocId"/> as the event holds it: a 24-digit hex ObjectId as its bytes.</summary>
    public IdText SourceDocIdText { get; private init; }

    /// <summary>Event time in UTC: from <c>time_stamp</c>, or from <c>local_time</c> when that is missing.</summary>
    public required DateTimeOffset EventTime { get; init; }

    /// <summary>True when <see cref="EventTime"/> came from <c>local_time</c> at the configured offset.</summary>
    public bool TimeFromLocalTime { get; init; }

    /// <summary><c>local_time</c> as sent ("yyyy-MM-dd HH:mm:ss", not UTC).</summary>
    public string? LocalTime { get; init; }

    /// <summary><c>collection</c>: the event type. Unknown values are kept.</summary>
    public required string Collection { get; init; }

    public string? Ip { get; init; }
    public string? UserAgent { get; init; }
    public string? Resolution { get; init; }
    public string? UserIdDb { get; init; }
    public string? DeviceId { get; init; }
    public string? ApiVersion { get; init; }
    public string? StoreId { get; init; }
    public string? CurrentUrl { get; init; }
    public string? ReferrerUrl { get; init; }

    /// <summary><c>email_address</c> (or its alias <c>email</c>); null when empty.</summary>
    public string? EmailAddress { get => _uncommon?.EmailAddress; init => Holding(value)?.EmailAddress = value; }

    /// <summary><c>product_id</c>, falling back to <c>viewing_product_id</c>.</summary>
    public string? ProductId { get; init; }

    public IReadOnlyList<EventOption> Options { get; init; } = [];

    public string? UtmSource { get; init; }
    public string? UtmMedium { get; init; }

    public bool? ShowRecommendation { get; init; }

    /// <summary>The raw <c>show_recommendation</c> value when it was not a clean boolean.</summary>
    public string? ShowRecommendationRaw { get => _uncommon?.ShowRecommendationRaw; init => Holding(value)?.ShowRecommendationRaw = value; }

    public bool? Recommendation { get; init; }

    public decimal? Price { get => _uncommon?.Price; init => Holding(value)?.Price = value; }

    /// <summary>The price exactly as sent (locale formatted), when one was sent.</summary>
    public string? PriceRaw { get => _uncommon?.PriceRaw; init => Holding(value)?.PriceRaw = value; }

    public string? Currency { get => _uncommon?.Currency; init => Holding(value)?.Currency = value; }
    public string? OrderId { get => _uncommon?.OrderId; init => Holding(value)?.OrderId = value; }
    public IReadOnlyList<CartProduct> CartProducts { get => _uncommon?.CartProducts ?? []; init => Holding(value is { Count: > 0 } ? value : null)?.CartProducts = value; }
    public string? RecommendationProductId { get; init; }
    public int? RecommendationProductPosition { get; init; }
    public int? RecommendationClickedPosition { get => _uncommon?.RecommendationClickedPosition; init => Holding(value)?.RecommendationClickedPosition = value; }

    /// <summary><c>key_search</c>: free text typed by the shopper; may hold personal data.</summary>
    public string? KeySearch { get => _uncommon?.KeySearch; init => Holding(value)?.KeySearch = value; }

    public bool? IsPaypal { get => _uncommon?.IsPaypal; init => Holding(value)?.IsPaypal = value; }
    public string? CatId { get; init; }
    public string? CollectId { get => _uncommon?.CollectId; init => Holding(value)?.CollectId = value; }

    /// <summary>Every field Facet does not model, as one JSON object text; null when there were none.</summary>
    public string? ExtraJson { get; init; }

    /// <summary>Where the message came from.</summary>
    public SourcePosition Position { get; init; }

    // Issue 22: the fields that few events carry (each on at most ~6 % of generated events: e-mail, cart, price, order,
    // search, …) live in one object made only when one of them is set: a `ShopEvent`, the largest object of an
    // in-flight batch, went from 376 to 280 B, and 18 % of generated events carry the 120 B of these fields.
    private Uncommon? _uncommon;

    /// <summary>The object to hold <paramref name="value"/>: made when the value is set, the existing one, or null (nothing to hold).</summary>
    private Uncommon? Holding<T>(T value) => value is null && _uncommon is null ? null : _uncommon ??= new Uncommon();

    private sealed class Uncommon
    {
        public string? EmailAddress;
        public string? ShowRecommendationRaw;
        public decimal? Price;
        public string? PriceRaw;
        public string? Currency;
        public string? OrderId;
        public IReadOnlyList<CartProduct>? CartProducts;
        public int? RecommendationClickedPosition;
        public string? KeySearch;
        public bool? IsPaypal;
        public string? CollectId;
    }
}
