using System.Text;
using Facet.Core.Events;

namespace Facet.Storage.Internal;

/// <summary>
/// A row sink (PostgreSQL binary COPY or DuckDB appender): fact_events rows in <see cref="FactRow.Columns"/> order, and
/// the commerce writers' staging rows in their stage table's column order.
/// </summary>
internal interface IFactRowWriter
{
    void StartRow();

    void EndRow();

    void Text(string? value);

    /// <summary>An id's text (<see cref="IdText"/>); a writer that can encode its chars directly overrides this.</summary>
    void Text(IdText value) => Text(value.ToText());

    void Json(string? value);

    /// <summary>
    /// A JSON text already encoded as UTF-8 (<see cref="JsonText"/>'s thread buffer): a writer that stores bytes
    /// overrides this and copies them; the default decodes them into the string <see cref="Json(string?)"/> takes.
    /// </summary>
    void Json(ReadOnlySpan<byte> utf8) => Json(Encoding.UTF8.GetString(utf8));

    void Int(int? value);

    void Short(short value);

    void Long(long value);

    void Bool(bool? value);

    void Uuid(Guid value);

    void Date(DateOnly value);

    void Timestamp(DateTime utc);

    void Decimal(decimal? value);

    void Double(double? value);

    void TimestampOrNull(DateTime? utc);

    void DateOrNull(DateOnly? value);

    // One-dimensional arrays (PostgreSQL) or lists (DuckDB) for the window step's packed windows (V015): a window's
    // aggregates as one staged row instead of one row per aggregate. Elements may be null, and so may the array (the
    // state row of a window that is not stored whole).

    void TextArray(IReadOnlyList<string>? values);

    void LongArray(IReadOnlyList<long?>? values);

    void DecimalArray(IReadOnlyList<decimal?>? values);

    void TimestampArray(IReadOnlyList<DateTime?>? values);
}
