using System.Text;
using Facet.Core.Commerce;
using Facet.Core.Events;
using Facet.Core.Streams;
using Facet.Core.Tests.Parsing;

namespace Facet.Core.Tests.Commerce;

/// <summary>
/// Messages exactly as Shape A's Python producers write them (Faker values, <c>json.dumps</c> of a dict:
/// <c>isoformat()</c> times without a zone, <c>time.time()</c> floats, "credit card" spelled as Faker picks it).
/// </summary>
internal static class ShapeASamples
{
    public static readonly DateTimeOffset Now = new(2024, 12, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly CommerceDecoderOptions Options = new() { Clock = new FixedClock(Now) };

    public static readonly SourcePosition Position = SourcePosition.Kafka("t", 0, 42);

    public const string CustomerJson =
        """{"customer_id": "6f1c2b7e-3a7d-4d51-9a55-2f4b1e0f9c11", "name": "Jennifer Miller", "email": "jmiller@example.net", "location": "0448 Lisa Crossing Apt. 123\nNew Jessica, ND 52304", "age": 42, "gender": "Female", "account_created": "2023-03-14T09:26:53.589793", "last_login": "2024-11-30T21:14:07.123456"}""";

    public const string ProductJson =
        """{"product_id": "a1b2c3d4-0000-4000-8000-000000000001", "name": "Ergonomic Steel Chair", "category": "Home & Kitchen", "price": 59.99, "stock_quantity": 120, "supplier": "Smith, Jones and Lee", "rating": 4.3}""";

    public const string TransactionJson =
        """{"transaction_id": "9c0e1f2a-1111-4222-8333-444455556666", "customer_id": "6f1c2b7e-3a7d-4d51-9a55-2f4b1e0f9c11", "product_id": "a1b2c3d4-0000-4000-8000-000000000001", "quantity": 3, "date_time": "2024-11-30T10:15:00", "status": "completed", "payment_method": "credit card"}""";

    public const string ProductViewJson =
        """{"view_id": "v-001", "customer_id": "6f1c2b7e-3a7d-4d51-9a55-2f4b1e0f9c11", "product_id": "a1b2c3d4-0000-4000-8000-000000000001", "timestamp": 1733000000.25, "view_duration": 187}""";

    public const string ReviewJson =
        """{"interaction_id": "i-7", "customer_id": "c-1", "product_id": "p-1", "timestamp": "2024-11-30 10:15:00", "interaction_type": "review", "details": "Exactly as described, fast delivery."}""";

    public const string RatingJson =
        """{"interaction_id": "i-8", "customer_id": "c-1", "product_id": "p-1", "timestamp": 1732961700000, "interaction_type": "rating", "details": "4"}""";

    public const string WishlistJson =
        """{"interaction_id": "i-9", "customer_id": "c-1", "product_id": "p-1", "timestamp": "1732961700", "interaction_type": "wishlist_addition", "details": null}""";

    public const string SystemLogJson =
        """{"log_id": "l-1", "timestamp": "2024-11-30T10:15:00+01:00", "level": "WARNING", "message": "Payment gateway latency above 2s"}""";

    public static Decoded<T> Decode<T>(IRecordDecoder<T> decoder, string json)
        where T : class => decoder.Decode(Encoding.UTF8.GetBytes(json), Position);

    public static T Accept<T>(IRecordDecoder<T> decoder, string json)
        where T : class
    {
        var decoded = Decode(decoder, json);
        Assert.True(decoded.IsAccepted, decoded.ToString());
        return decoded.Record;
    }

    public static Rejection Reject<T>(IRecordDecoder<T> decoder, string json, string code)
        where T : class
    {
        var decoded = Decode(decoder, json);
        Assert.False(decoded.IsAccepted, $"expected {code}, got {decoded}");
        Assert.Equal(code, decoded.Rejection.Code);
        Assert.Equal(Encoding.UTF8.GetBytes(json), decoded.Rejection.Raw.ToArray());
        Assert.Equal(Position, decoded.Rejection.Position);
        return decoded.Rejection;
    }
}
