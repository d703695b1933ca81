using DuckDB.NET.Data;
using Facet.Storage.Internal;

namespace Facet.Storage.DuckDb;

/// <summary>Writes fact rows through a DuckDB appender.</summary>
internal sealed class DuckDbRowWriter(DuckDBAppender appender) : IFactRowWriter
{
    private IDuckDBAppenderRow? _row;

    private IDuckDBAppenderRow Row => _row ?? throw new InvalidOperationException("StartRow was not called");

    public void StartRow() => _row = appender.CreateRow();

    public void EndRow()
    {
        Row.EndRow();
        _row = null;
    }

    public void Text(string? value) => Row.AppendValue(value);

    public void Json(string? value) => Row.AppendValue(value);

    public void Int(int? value) => Row.AppendValue(value);

    public void Short(short value) => Row.AppendValue(value);

    public void Long(long value) => Row.AppendValue(value);

    public void Bool(bool? value) => Row.AppendValue(value);

    public void Uuid(Guid value) => Row.AppendValue(value);

    public void Date(DateOnly value) => Row.AppendValue(value);

    public void Timestamp(DateTime utc) => Row.AppendValue(new DateTimeOffset(utc, TimeSpan.Zero));

    public void Decimal(decimal? value) => Row.AppendValue(value);

    public void Double(double? value) => Row.AppendValue(value);

    public void TimestampOrNull(DateTime? utc)
    {
        if (utc is { } v)
        {
            Timestamp(v);
        }
        else
        {
            Row.AppendNullValue();
        }
    }

    public void DateOrNull(DateOnly? value) => Row.AppendValue(value);

    public void TextArray(IReadOnlyList<string>? values) => AppendList(values);

    public void LongArray(IReadOnlyList<long?>? values) => AppendList(values);

    public void DecimalArray(IReadOnlyList<decimal?>? values) => AppendList(values);

    // As Timestamp: the appender takes a TIMESTAMPTZ as a DateTimeOffset.
    public void TimestampArray(IReadOnlyList<DateTime?>? values) => AppendList(values is null ? null : Offsets(values));

    private static DateTimeOffset?[] Offsets(IReadOnlyList<DateTime?> values)
    {
        var offsets = new DateTimeOffset?[values.Count];
        for (var i = 0; i < offsets.Length; i++)
        {
            offsets[i] = values[i] is { } v ? new DateTimeOffset(v, TimeSpan.Zero) : null;
        }

        return offsets;
    }

    // A null list is a NULL (e.g. the state row of a window not stored whole, or an array whose elements are all null).
    private void AppendList<T>(IReadOnlyList<T>? values)
    {
        if (values is null)
        {
            Row.AppendNullValue();
        }
        else
        {
            Row.AppendValue<T>(values);
        }
    }
}
