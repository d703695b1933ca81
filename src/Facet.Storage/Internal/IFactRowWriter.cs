namespace Facet.Storage.Internal;

/// <summary>A row sink for fact_events (PostgreSQL binary COPY or DuckDB appender), written in <see cref="FactRow.Columns"/> order.</summary>
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
}
