using System.Buffers;
using System.Text;
using System.Text.Json;
using Facet.Core.Commerce.Internal;
using Facet.Core.Events;
using Facet.Core.Streams;

namespace Facet.Core.Commerce;

/// <summary>
/// Decodes a click-stream event (Shape B: session_id, event_name, event_id, event_time, traffic_source,
/// event_metadata as a Python-literal or JSON dict). Metadata keys Facet knows are typed, others kept as JSON.
/// Never throws; thread-safe.
/// </summary>
public sealed class ClickEventDecoder(CommerceDecoderOptions? options = null) : IRecordDecoder<ClickEvent>, IEntityBuilder<ClickEvent>
{
    internal const int Id = 0, SessionId = 1, EventName = 2, EventTime = 3, TrafficSource = 4, CustomerId = 5, Metadata = 6;

    internal static readonly FieldTable Table = new(
        ["event_id", "id"],
        ["session_id"],
        ["event_name"],
        ["event_time", "timestamp"],
        ["traffic_source"],
        ["customer_id"],
        ["event_metadata", "metadata"]);

    private const int MetaProductId = 0, MetaQuantity = 1, MetaItemPrice = 2, MetaPaymentStatus = 3, MetaSearch = 4, MetaPromoCode = 5, MetaPromoAmount = 6;

    private static readonly FieldTable MetadataTable = new(
        ["product_id"], ["quantity"], ["item_price"], ["payment_status"], ["search_keywords"], ["promo_code"], ["promo_amount"]);

    private readonly CommerceDecoderOptions _options = options ?? new CommerceDecoderOptions();

    static FieldTable IEntityBuilder<ClickEvent>.Fields => Table;

    public Decoded<ClickEvent> Decode(ReadOnlyMemory<byte> value, SourcePosition position) =>
        JsonRecordDecoding.Decode<ClickEvent, ClickEventDecoder>(value, position, _options);

    static ClickEvent? IEntityBuilder<ClickEvent>.Build<TSource>(ref RecordReader<TSource> r)
    {
        var click = new ClickEvent
        {
            EventId = r.Id(Id),
            SessionId = r.Id(SessionId),
            EventName = r.Enum(EventName, CommerceEnums.ClickEventName, required: true) ?? default,
            EventTime = r.Time(EventTime),
            TrafficSource = r.String(TrafficSource)?.Trim().ToUpperInvariant(),
            CustomerId = r.OptionalId(CustomerId),
            Metadata = ReadMetadata(ref r),
        };
        return r.Failed ? null : click;
    }

    private static ClickEventMetadata? ReadMetadata<TSource>(ref RecordReader<TSource> r)
        where TSource : struct, IFieldSource
    {
        if (r.Nested(Metadata) is not { } nested)
        {
            return null;
        }

        if (nested.Kind != LiteralKind.Dict)
        {
            r.Reject(CommerceRejectionCodes.InvalidMetadata, $"event_metadata must be a dict, not {nested.Describe()}", "event_metadata");
            return null;
        }

        var known = new Literal?[7];
        List<KeyValuePair<string, Literal>>? other = null;
        foreach (var member in nested.Members!)
        {
            var index = MetadataTable.Find(member.Key);
            if (index >= 0 && known[index] is null)
            {
                known[index] = member.Value;
            }
            else
            {
                (other ??= []).Add(member);
            }
        }

        var metadata = new ClickEventMetadata
        {
            ProductId = MetadataId(ref r, known[MetaProductId]),
            Quantity = known[MetaQuantity] is { } q && r.LiteralNumber(q, "event_metadata.quantity") is { } count ? r.CheckQuantity(count, "event_metadata.quantity", q.Text!) : null,
            ItemPrice = known[MetaItemPrice] is { } p && r.LiteralNumber(p, "event_metadata.item_price") is { } price ? r.CheckAmount(price, "event_metadata.item_price", p.Text!) : null,
            PaymentStatus = Text(ref r, known[MetaPaymentStatus], "payment_status") is { } status ? r.ParseEnum(status, CommerceEnums.PaymentStatus, "event_metadata.payment_status") : null,
            SearchKeywords = Text(ref r, known[MetaSearch], "search_keywords"),
            PromoCode = Text(ref r, known[MetaPromoCode], "promo_code"),
            PromoAmount = known[MetaPromoAmount] is { } a && r.LiteralNumber(a, "event_metadata.promo_amount") is { } promo ? r.CheckAmount(promo, "event_metadata.promo_amount", a.Text!) : null,
            OtherJson = other is null ? null : ToJson(other),
        };
        return r.Failed ? null : metadata;
    }

    private static string? MetadataId<TSource>(ref RecordReader<TSource> r, Literal? value)
        where TSource : struct, IFieldSource
    {
        if (value is null || value.Kind == LiteralKind.None)
        {
            return null;
        }

        if (value.Kind is not (LiteralKind.String or LiteralKind.Int or LiteralKind.Float))
        {
            r.Reject(RejectionCodes.InvalidId, $"event_metadata.product_id must be a string or an integer, not {value.Describe()}", "event_metadata.product_id");
            return null;
        }

        return r.CheckId(value.Text!.Trim(), value.Kind != LiteralKind.String, "event_metadata.product_id");
    }

    private static string? Text<TSource>(ref RecordReader<TSource> r, Literal? value, string key)
        where TSource : struct, IFieldSource
    {
        switch (value?.Kind)
        {
            case null or LiteralKind.None:
                return null;
            case LiteralKind.String or LiteralKind.Int or LiteralKind.Float:
                return value.Text;
            default:
                r.Reject(CommerceRejectionCodes.InvalidMetadata, $"event_metadata.{key} must be a string, not {value.Describe()}", "event_metadata." + key);
                return null;
        }
    }

    private static string ToJson(List<KeyValuePair<string, Literal>> members)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Literal.FromDict(members).WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
