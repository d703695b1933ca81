using System.Runtime.InteropServices;
using System.Text;
using DuckDB.NET.Data;
using Facet.Core.Events;
using Facet.Storage.Internal;

namespace Facet.Storage.DuckDb;

/// <summary>
/// Writes rows through a DuckDB appender, each one in <see cref="AppendRow{T}"/>: the appender's one reusable row, not
/// a row object per row (<c>CreateRow</c>), and UTF-8 bytes a caller already holds (ids, options JSON) into the vector
/// without a string. Issue 22: a 1M load into DuckDB allocated ~615 bytes per event more than one into PostgreSQL —
/// ~1M appender rows of ~64 bytes, and a string per event for each id and options text.
/// </summary>
internal sealed class DuckDbRowWriter(DuckDBAppender appender) : IFactRowWriter
{
    private IDuckDBAppenderRow? _row;

    private IDuckDBAppenderRow Row => _row ?? throw new InvalidOperationException("a DuckDB row is written inside AppendRow");

    /// <summary>One row: <paramref name="write"/> writes its values (its StartRow/EndRow mark nothing here).</summary>
    public void AppendRow<T>(T item, Action<IFactRowWriter, T> write) =>
        appender.AppendRow((Writer: this, Item: item, Write: write), static (row, s) =>
        {
            s.Writer._row = row;
            try
            {
                s.Write(s.Writer, s.Item);
            }
            finally
            {
                s.Writer._row = null;
            }
        });

    /// <summary>Inside <see cref="AppendRow{T}"/> (the appender ends the row).</summary>
    public void StartRow() => _ = Row;

    /// <summary>Inside <see cref="AppendRow{T}"/> (the appender ends the row).</summary>
    public void EndRow() => _ = Row;

    public void Text(string? value) => Row.AppendValue(value);

    public void Text(IdText value)
    {
        if (value.IsNull)
        {
            Row.AppendNullValue();
            return;
        }

        var chars = value.Chars(stackalloc char[IdText.UuidLength]);
        var utf8 = chars.Length <= 128 ? stackalloc byte[128 * 3] : new byte[Encoding.UTF8.GetMaxByteCount(chars.Length)];
        Row.AppendValue(utf8[..Encoding.UTF8.GetBytes(chars, utf8)]);
    }

    public void Json(string? value) => Row.AppendValue(value);

    // The appender takes a Span<byte> (a VARCHAR or JSON column stores the bytes as the text) and only reads it.
    public void Json(ReadOnlySpan<byte> utf8) => Row.AppendValue(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(utf8), utf8.Length));

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
