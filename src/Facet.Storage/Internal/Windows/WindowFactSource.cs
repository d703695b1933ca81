using System.Globalization;

namespace Facet.Storage.Internal.Windows;

/// <summary>
/// A window source as the warehouse stores it (issue 20, <c>facet windows recompute</c>): the query script reading its
/// fact rows (<c>Sql/Windows/&lt;Dialect&gt;/window_recompute_&lt;source&gt;.sql</c>), the source field each column holds,
/// and a <see cref="WindowSource"/> with the same fields read from those rows, so the accumulators, keys and members
/// are computed by the same code as the streaming step's. Only sources whose writers keep every record as a fact
/// (insert-if-absent by key) have one: orders, order lines and product views.
/// </summary>
internal sealed class WindowFactSource
{
    private static readonly Dictionary<string, WindowFactSource> All = new(StringComparer.Ordinal)
    {
        ["transactions"] = new("transactions",
            ["transaction_id", "customer_id", "session_id", "date_time", "status", "payment_method", "payment_status", "currency", "total_amount", "lines_subtotal", "promo_amount", "shipment_fee", "line_count"],
            new Dictionary<string, string> { ["order_id"] = "transaction_id", ["created_at"] = "date_time" },
            static r => r[0].AsText()!),
        ["transaction_lines"] = new("transaction_lines",
            ["transaction_id", "line_number", "customer_id", "product_id", "quantity", "item_price", "amount", "date_time", "status", "payment_method", "currency"],
            new Dictionary<string, string> { ["order_id"] = "transaction_id", ["created_at"] = "date_time" },
            static r => r[0].AsText() + "#" + r[1].AsText()),
        ["product_views"] = new("product_views",
            ["view_id", "customer_id", "product_id", "session_id", "timestamp", "view_duration"],
            new Dictionary<string, string> { ["viewed_at"] = "timestamp" },
            static r => r[0].AsText()!),
    };

    private readonly WindowField[] _columns;

    private WindowFactSource(string name, string[] columns, Dictionary<string, string> aliases, Func<WindowValue[], string> id)
    {
        Name = name;
        var streamSource = WindowSource.All[name];
        _columns = [.. columns.Select(c => streamSource.Fields[c])];
        Source = WindowSource.OverRows(streamSource, field =>
        {
            var index = Array.IndexOf(columns, aliases.GetValueOrDefault(field, field));
            return index >= 0 ? index : throw new InvalidOperationException($"window source '{name}' has no stored column for field '{field}'");
        }, id);
    }

    public string Name { get; }

    /// <summary>The query script of this source's facts (it reads the range from stage_window_recompute).</summary>
    public string Script => "Windows/window_recompute_" + Name;

    /// <summary>The source over stored rows (<see cref="WindowValue"/> arrays from <see cref="ToRow"/>).</summary>
    public WindowSource Source { get; }

    /// <summary>The fact source of window source <paramref name="source"/>, or null when its facts are not kept.</summary>
    public static WindowFactSource? Of(string source) => All.GetValueOrDefault(source);

    /// <summary>
    /// One result row of <see cref="Script"/> as the values the stream's record would give: times from epoch
    /// microseconds, stored decimals without the column's trailing zeros (numeric(19,4) keeps 191247 as 191247.0000;
    /// the record had 191247), whole numbers and doubles as the record's readers convert them.
    /// </summary>
    public WindowValue[] ToRow(object?[] cells)
    {
        var row = new WindowValue[_columns.Length];
        for (var i = 0; i < row.Length; i++)
        {
            var cell = cells[i];
            row[i] = cell is null or DBNull ? default : _columns[i].Kind switch
            {
                WindowFieldKind.Text => WindowValue.Of(Convert.ToString(cell, CultureInfo.InvariantCulture)),
                WindowFieldKind.Time => new WindowValue(null, null, DateTime.UnixEpoch.AddTicks(Convert.ToInt64(cell, CultureInfo.InvariantCulture) * 10)),
                _ => cell switch
                {
                    double d => WindowValue.Of(d),
                    float s => WindowValue.Of((double)s),
                    decimal m => WindowValue.Of(WithoutTrailingZeros(m)),
                    _ => WindowValue.Of(Convert.ToDecimal(cell, CultureInfo.InvariantCulture)),
                },
            };
        }

        return row;
    }

    /// <summary>The same number at the smallest scale that holds it (dividing by 1.000… drops trailing zeros).</summary>
    internal static decimal WithoutTrailingZeros(decimal value) => value / 1.000000000000000000000000000000000m;
}
