using Facet.Core.Commerce;
using Facet.Storage.Internal.Commerce;

namespace Facet.Storage.Internal.Windows;

/// <summary>
/// What a window definition can read: a stream's accepted, new records, each expanded to rows (one per record, or one
/// per order line for <c>transaction_lines</c>), with named fields. Field names follow Shape A where it has one
/// (date_time, timestamp, view_duration, last_login), with Facet's names as aliases.
/// </summary>
internal sealed class WindowSource
{
    private readonly Func<object, IEnumerable<object>>? _expand;
    private readonly Func<object, string> _id;

    private WindowSource(string name, string stream, Func<object, IEnumerable<object>>? expand, Func<object, string> id, IEnumerable<WindowField> fields)
    {
        Name = name;
        Stream = stream;
        _expand = expand;
        _id = id;
        Fields = fields.ToDictionary(static f => f.Name, StringComparer.Ordinal);
    }

    public string Name { get; }

    public string Stream { get; }

    public IReadOnlyDictionary<string, WindowField> Fields { get; }

    /// <summary>The rows of one record (a record is one row, except an order at line grain; null: one row).</summary>
    public WindowRows Rows(object record) => new(record, _expand);

    /// <summary>A row's identity, shown as a late event's example.</summary>
    public string Id(object row) => _id(row);

    public static IReadOnlyDictionary<string, WindowSource> All { get; } = new Dictionary<string, WindowSource>(StringComparer.Ordinal)
    {
        ["customers"] = Single<Customer>("customers", CommerceTopics.Customers, static c => c.CustomerId,
        [
            Text<Customer>("customer_id", static c => c.CustomerId),
            Text<Customer>("gender", static c => CommerceText.Of(c.Gender)),
            Number<Customer>("age", static c => c.Age),
            Text<Customer>("home_country", static c => c.HomeCountry),
            Text<Customer>("device_type", static c => c.DeviceType),
            Time<Customer>("account_created", static c => c.AccountCreatedAt),
            Time<Customer>("last_login", static c => c.LastLoginAt),
            Time<Customer>("updated_at", static c => c.UpdatedAt),
        ]),
        ["products"] = Single<Product>("products", CommerceTopics.Products, static p => p.ProductId + (p.UpdatedAt is { } t ? "@" + WindowValue.Of(t).AsText() : ""),
        [
            Text<Product>("product_id", static p => p.ProductId),
            Text<Product>("name", static p => p.Name),
            Text<Product>("category", static p => p.Category),
            Text<Product>("sub_category", static p => p.SubCategory),
            Text<Product>("gender", static p => p.Gender),
            Text<Product>("usage", static p => p.Usage),
            Text<Product>("supplier", static p => p.Supplier),
            Text<Product>("currency", static p => p.Currency),
            Number<Product>("price", static p => p.Price),
            Number<Product>("stock_quantity", static p => p.StockQuantity),
            Number<Product>("rating", static p => p.Rating),
            Time<Product>("updated_at", static p => p.UpdatedAt),
        ]),
        ["transactions"] = Single<Order>("transactions", CommerceTopics.Transactions, static o => o.OrderId,
        [
            Text<Order>("transaction_id", static o => o.OrderId),
            Text<Order>("order_id", static o => o.OrderId),
            Text<Order>("customer_id", static o => o.CustomerId),
            Text<Order>("session_id", static o => o.SessionId),
            Time<Order>("date_time", static o => o.CreatedAt),
            Time<Order>("created_at", static o => o.CreatedAt),
            Text<Order>("status", static o => CommerceText.Of(o.Status)),
            Text<Order>("payment_method", static o => CommerceText.Of(o.PaymentMethod)),
            Text<Order>("payment_status", static o => CommerceText.Of(o.PaymentStatus)),
            Text<Order>("currency", static o => o.Currency),
            Number<Order>("total_amount", static o => o.TotalAmount),
            Number<Order>("lines_subtotal", static o => o.LinesSubtotal),
            Number<Order>("promo_amount", static o => o.PromoAmount),
            Number<Order>("shipment_fee", static o => o.ShipmentFee),
            Number<Order>("line_count", static o => o.Lines.Count),
        ]),
        ["transaction_lines"] = new WindowSource("transaction_lines", CommerceTopics.Transactions,
            static r => Lines((Order)r), static r => ((OrderLineRow)r).Id,
        [
            Text<OrderLineRow>("transaction_id", static l => l.Order.OrderId),
            Text<OrderLineRow>("order_id", static l => l.Order.OrderId),
            Number<OrderLineRow>("line_number", static l => l.Number),
            Text<OrderLineRow>("customer_id", static l => l.Order.CustomerId),
            Text<OrderLineRow>("product_id", static l => l.Line.ProductId),
            Number<OrderLineRow>("quantity", static l => l.Line.Quantity),
            Number<OrderLineRow>("item_price", static l => l.Line.ItemPrice),
            Number<OrderLineRow>("amount", static l => l.Line.Amount),
            Time<OrderLineRow>("date_time", static l => l.Order.CreatedAt),
            Time<OrderLineRow>("created_at", static l => l.Order.CreatedAt),
            Text<OrderLineRow>("status", static l => CommerceText.Of(l.Order.Status)),
            Text<OrderLineRow>("payment_method", static l => CommerceText.Of(l.Order.PaymentMethod)),
            Text<OrderLineRow>("currency", static l => l.Order.Currency),
        ]),
        ["product_views"] = Single<ProductView>("product_views", CommerceTopics.ProductViews, static v => v.ViewId,
        [
            Text<ProductView>("view_id", static v => v.ViewId),
            Text<ProductView>("customer_id", static v => v.CustomerId),
            Text<ProductView>("product_id", static v => v.ProductId),
            Text<ProductView>("session_id", static v => v.SessionId),
            Time<ProductView>("timestamp", static v => v.ViewedAt),
            Time<ProductView>("viewed_at", static v => v.ViewedAt),
            Number<ProductView>("view_duration", static v => v.ViewDurationSeconds),
        ]),
        ["click_stream"] = Single<ClickEvent>("click_stream", CommerceTopics.ClickStream, static e => e.EventId,
        [
            Text<ClickEvent>("event_id", static e => e.EventId),
            Text<ClickEvent>("session_id", static e => e.SessionId),
            Text<ClickEvent>("event_name", static e => CommerceText.Of(e.EventName)),
            Time<ClickEvent>("event_time", static e => e.EventTime),
            Text<ClickEvent>("traffic_source", static e => e.TrafficSource),
            Text<ClickEvent>("customer_id", static e => e.CustomerId),
            Text<ClickEvent>("product_id", static e => e.Metadata?.ProductId),
        ]),
    };

    /// <summary>
    /// A source with <paramref name="stream"/>'s fields read from stored rows (<see cref="WindowValue"/> arrays) instead of
    /// records: field → its column (<paramref name="column"/>), for <c>facet windows recompute</c> (<see cref="WindowFactSource"/>).
    /// </summary>
    internal static WindowSource OverRows(WindowSource stream, Func<string, int> column, Func<WindowValue[], string> id) =>
        new(stream.Name, stream.Stream, null, r => id((WindowValue[])r), stream.Fields.Values.Select(f =>
        {
            var index = column(f.Name);
            return new WindowField(f.Name, f.Kind, r => ((WindowValue[])r)[index]) { IsInteger = f.IsInteger };
        }).ToList());

    private static IEnumerable<object> Lines(Order order)
    {
        for (var i = 0; i < order.Lines.Count; i++)
        {
            yield return new OrderLineRow(order, order.Lines[i], i + 1);
        }
    }

    private static WindowSource Single<T>(string name, string stream, Func<T, string> id, IEnumerable<WindowField> fields)
        where T : class =>
        new(name, stream, null, r => id((T)r), fields);

    private static WindowField Text<T>(string name, Func<T, string?> read) => new(name, WindowFieldKind.Text, r => WindowValue.Of(read((T)r)));

    private static WindowField Number<T>(string name, Func<T, decimal?> read) => new(name, WindowFieldKind.Number, r => WindowValue.Of(read((T)r)));

    private static WindowField Number<T>(string name, Func<T, double?> read) => new(name, WindowFieldKind.Number, r => WindowValue.Of(read((T)r)));

    private static WindowField Number<T>(string name, Func<T, int?> read) => new(name, WindowFieldKind.Number, r => WindowValue.Of((decimal?)read((T)r))) { IsInteger = true };

    private static WindowField Time<T>(string name, Func<T, DateTimeOffset?> read) => new(name, WindowFieldKind.Time, r => WindowValue.Of(read((T)r)));

    /// <summary>An order line as a window row: its order, the line and its 1-based number (fact_order_line.line_number).</summary>
    private sealed record OrderLineRow(Order Order, OrderLine Line, int Number)
    {
        public string Id => Order.OrderId + "#" + Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
