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

    void Json(string? value);

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
}
