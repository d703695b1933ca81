using System.Globalization;
using Facet.Core.Commerce.Internal;
using Facet.Core.Events;
using Facet.Core.Streams;

namespace Facet.Core.Commerce;

/// <summary>
/// Decodes an order: a Shape A transaction (transaction_id, customer_id, product_id, quantity, date_time, status,
/// payment_method) becomes an order with one line; a Shape B booking brings its line items as
/// <c>product_metadata</c> (a Python-literal or JSON list of {product_id, quantity, item_price}). A total that does
/// not add up is kept and flagged (<see cref="Order.TotalMismatch"/>). Never throws; thread-safe.
/// </summary>
public sealed class OrderDecoder(CommerceDecoderOptions? options = null) : IRecordDecoder<Order>, IEntityBuilder<Order>
{
    internal const int Id = 0, CustomerId = 1, SessionId = 2, CreatedAt = 3, Status = 4, PaymentMethod = 5, PaymentStatus = 6,
        LineItems = 7, ProductId = 8, Quantity = 9, ItemPrice = 10, Currency = 11, PromoCode = 12, PromoAmount = 13,
        ShipmentFee = 14, ShipmentDue = 15, ShipmentLat = 16, ShipmentLong = 17, Total = 18;

    internal static readonly FieldTable Table = new(
        ["transaction_id", "booking_id", "order_id"],
        ["customer_id"],
        ["session_id"],
        ["created_at", "date_time", "order_time"],
        ["status", "order_status"],
        ["payment_method"],
        ["payment_status"],
        ["line_items", "product_metadata", "lines", "items"],
        ["product_id"],
        ["quantity"],
        ["item_price", "price", "unit_price"],
        ["currency"],
        ["promo_code"],
        ["promo_amount"],
        ["shipment_fee", "shipping_fee"],
        ["shipment_date_limit", "shipment_due_at"],
        ["shipment_location_lat"],
        ["shipment_location_long"],
        ["total_amount", "total"]);

    private static readonly FieldTable LineTable = new(["product_id", "id"], ["quantity"], ["item_price", "price"]);

    private readonly CommerceDecoderOptions _options = options ?? new CommerceDecoderOptions();

    static FieldTable IEntityBuilder<Order>.Fields => Table;

    public Decoded<Order> Decode(ReadOnlyMemory<byte> value, SourcePosition position) =>
        JsonRecordDecoding.Decode<Order, OrderDecoder>(value, position, _options);

    static Order? IEntityBuilder<Order>.Build<TSource>(ref RecordReader<TSource> r)
    {
        var order = new Order
        {
            OrderId = r.Id(Id),
            CustomerId = r.Id(CustomerId),
            SessionId = r.OptionalId(SessionId),
            CreatedAt = r.Time(CreatedAt),
            Status = r.Enum(Status, CommerceEnums.OrderStatus),
            PaymentMethod = r.Enum(PaymentMethod, CommerceEnums.PaymentMethod),
            PaymentStatus = r.Enum(PaymentStatus, CommerceEnums.PaymentStatus),
            Lines = ReadLines(ref r),
            Currency = r.Currency(Currency),
            PromoCode = r.String(PromoCode),
            PromoAmount = r.Amount(PromoAmount),
            ShipmentFee = r.Amount(ShipmentFee),
            ShipmentDueAt = r.OptionalTime(ShipmentDue, future: true),
            ShipmentLatitude = r.Degrees(ShipmentLat, 90),
            ShipmentLongitude = r.Degrees(ShipmentLong, 180),
            TotalAmount = r.Amount(Total),
        };
        return r.Failed ? null : order;
    }

    private static ValueList<OrderLine> ReadLines<TSource>(ref RecordReader<TSource> r)
        where TSource : struct, IFieldSource
    {
        var single = r.Has(ProductId);
        var nested = r.Nested(LineItems);
        if (r.Failed)
        {
            return ValueList<OrderLine>.Empty;
        }

        if (nested is not null && single)
        {
            r.Reject(RejectionCodes.InvalidValue, "the order has both line_items and a top-level product_id: give one", "product_id");
            return ValueList<OrderLine>.Empty;
        }

        if (single)
        {
            var productId = r.Id(ProductId);
            var quantity = r.Quantity(Quantity);
            var price = r.Amount(ItemPrice);
            if (quantity is null && !r.Failed)
            {
                r.Reject(CommerceRejectionCodes.MissingField, "quantity is missing for the order's product_id", "quantity");
            }

            return r.Failed ? ValueList<OrderLine>.Empty : new ValueList<OrderLine>([new OrderLine(productId, quantity!.Value, price)]);
        }

        if (nested is null)
        {
            r.Reject(CommerceRejectionCodes.NoLineItems, "the order has neither line_items (product_metadata) nor a product_id", "line_items");
            return ValueList<OrderLine>.Empty;
        }

        var items = nested.Kind switch
        {
            LiteralKind.List => nested.Items!,
            LiteralKind.Dict => [nested],
            _ => null,
        };
        if (items is null)
        {
            r.Reject(CommerceRejectionCodes.InvalidMetadata, $"line_items must be a list of dicts, not {nested.Describe()}", "line_items");
            return ValueList<OrderLine>.Empty;
        }

        if (items.Count == 0)
        {
            r.Reject(CommerceRejectionCodes.NoLineItems, "line_items is an empty list", "line_items");
            return ValueList<OrderLine>.Empty;
        }

        var lines = new OrderLine[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            if (ReadLine(ref r, items[i], i) is not { } line)
            {
                return ValueList<OrderLine>.Empty;
            }

            lines[i] = line;
        }

        return new ValueList<OrderLine>(lines);
    }

    private static OrderLine? ReadLine<TSource>(ref RecordReader<TSource> r, Literal item, int index)
        where TSource : struct, IFieldSource
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"line_items[{index}]");
        if (item.Kind != LiteralKind.Dict)
        {
            r.Reject(CommerceRejectionCodes.InvalidMetadata, $"{prefix} must be a dict, not {item.Describe()}", prefix);
            return null;
        }

        Literal? productId = null, quantity = null, price = null;
        foreach (var (key, value) in item.Members!)
        {
            switch (LineTable.Find(key))
            {
                case 0:
                    productId = value;
                    break;
                case 1:
                    quantity = value;
                    break;
                case 2:
                    price = value;
                    break;
            }
        }

        if (productId is null || productId.Kind == LiteralKind.None || (productId.Kind == LiteralKind.String && string.IsNullOrWhiteSpace(productId.Text)))
        {
            r.Reject(RejectionCodes.MissingId, $"{prefix} has no product_id", prefix + ".product_id");
            return null;
        }

        if (productId.Kind is not (LiteralKind.String or LiteralKind.Int or LiteralKind.Float))
        {
            r.Reject(RejectionCodes.InvalidId, $"{prefix}.product_id must be a string or an integer, not {productId.Describe()}", prefix + ".product_id");
            return null;
        }

        var id = r.CheckId(productId.Text!.Trim(), productId.Kind != LiteralKind.String, prefix + ".product_id");
        if (quantity is null || quantity.Kind == LiteralKind.None)
        {
            r.Reject(CommerceRejectionCodes.MissingField, $"{prefix} has no quantity", prefix + ".quantity");
            return null;
        }

        var count = r.LiteralNumber(quantity, prefix + ".quantity") is { } q ? r.CheckQuantity(q, prefix + ".quantity", quantity.Text!) : null;
        var itemPrice = price is null ? null
            : r.LiteralNumber(price, prefix + ".item_price") is { } p ? r.CheckAmount(p, prefix + ".item_price", price.Text!) : null;
        return r.Failed || id is null || count is null ? null : new OrderLine(id, count.Value, itemPrice);
    }
}
