using Facet.Core.Commerce.Internal;
using Facet.Core.Events;
using Facet.Core.Streams;

namespace Facet.Core.Commerce;

/// <summary>Decodes a product view (Shape A: view_id, customer_id, product_id, timestamp, view_duration in seconds). Never throws; thread-safe.</summary>
public sealed class ProductViewDecoder(CommerceDecoderOptions? options = null) : IRecordDecoder<ProductView>, IEntityBuilder<ProductView>
{
    internal const int Id = 0, CustomerId = 1, ProductId = 2, Timestamp = 3, Duration = 4, SessionId = 5;

    internal static readonly FieldTable Table = new(
        ["view_id", "id"],
        ["customer_id"],
        ["product_id"],
        ["timestamp", "viewed_at", "event_time"],
        ["view_duration", "view_duration_seconds"],
        ["session_id"]);

    private readonly CommerceDecoderOptions _options = options ?? new CommerceDecoderOptions();

    static FieldTable IEntityBuilder<ProductView>.Fields => Table;

    public Decoded<ProductView> Decode(ReadOnlyMemory<byte> value, SourcePosition position) =>
        JsonRecordDecoding.Decode<ProductView, ProductViewDecoder>(value, position, _options);

    static ProductView? IEntityBuilder<ProductView>.Build<TSource>(ref RecordReader<TSource> r)
    {
        var view = new ProductView
        {
            ViewId = r.Id(Id),
            CustomerId = r.Id(CustomerId),
            ProductId = r.Id(ProductId),
            ViewedAt = r.Time(Timestamp),
            ViewDurationSeconds = r.Seconds(Duration),
            SessionId = r.OptionalId(SessionId),
        };
        return r.Failed ? null : view;
    }
}
