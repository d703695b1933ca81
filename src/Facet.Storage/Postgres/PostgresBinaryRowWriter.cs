using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Facet.Core.Events;
using Facet.Storage.Internal;

namespace Facet.Storage.Postgres;

/// <summary>
/// Encodes fact rows in PostgreSQL's binary COPY format into a pooled buffer, for a raw binary COPY stream.
/// Npgsql's <c>NpgsqlBinaryImporter</c> binds a parameter and resolves a converter for every column of every row;
/// with 50 columns that per-column work was the largest CPU cost of the PostgreSQL writer (issue 11, CPU per event).
/// The encodings are PostgreSQL's send/recv formats for exactly the column types of <see cref="FactRow"/>.
/// </summary>
internal sealed class PostgresBinaryRowWriter : IFactRowWriter, IDisposable
{
    // "PGCOPY\n\377\r\n\0", then flags and header-extension length (both 0).
    private static ReadOnlySpan<byte> Header => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private const long PostgresEpochTicks = 630822816000000000; // 2000-01-01T00:00:00Z
    private const int PostgresEpochDayNumber = 730119;          // DateOnly(2000, 1, 1).DayNumber
    private const short JsonbVersion = 1;

    private readonly short _columns;
    private byte[] _buffer;
    private int _length;

    /// <param name="columns">Fields per row (the COPY's column list).</param>
    /// <param name="initialCapacity">Initial buffer size; it grows when a row does not fit.</param>
    public PostgresBinaryRowWriter(int columns, int initialCapacity = 1 << 17)
    {
        _columns = checked((short)columns);
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
        Header.CopyTo(_buffer);
        _length = Header.Length;
    }

    /// <summary>Bytes encoded and not yet taken by <see cref="Flush"/>.</summary>
    public int Pending => _length;

    /// <summary>The encoded bytes; the caller writes them to the COPY stream, then calls <see cref="Reset"/>.</summary>
    public ReadOnlyMemory<byte> Flush() => _buffer.AsMemory(0, _length);

    public void Reset() => _length = 0;

    /// <summary>Appends the end-of-data marker (a field count of -1).</summary>
    public void Finish() => WriteInt16(-1);

    public void StartRow() => WriteInt16(_columns);

    public void EndRow()
    {
    }

    public void Text(string? value)
    {
        if (value is null)
        {
            Null();
        }
        else
        {
            Utf8(value, prefix: false);
        }
    }

    /// <summary>A compact id's chars go straight from the stack into the buffer: no string per event (issue 22).</summary>
    public void Text(IdText value)
    {
        if (value.IsNull)
        {
            Null();
        }
        else
        {
            Utf8(value.Chars(stackalloc char[IdText.UuidLength]), prefix: false);
        }
    }

    public void Json(string? value)
    {
        if (value is null)
        {
            Null();
        }
        else
        {
            Utf8(value, prefix: true);
        }
    }

    /// <summary>The bytes as they are, after jsonb's version byte: no decoding to a string and encoding back.</summary>
    public void Json(ReadOnlySpan<byte> utf8)
    {
        var span = Reserve(5 + utf8.Length);
        BinaryPrimitives.WriteInt32BigEndian(span, 1 + utf8.Length);
        span[4] = (byte)JsonbVersion;
        utf8.CopyTo(span[5..]);
        _length += 5 + utf8.Length;
    }

    public void Int(int? value)
    {
        if (value is { } v)
        {
            WriteInt32(4);
            WriteInt32(v);
        }
        else
        {
            Null();
        }
    }

    public void Short(short value)
    {
        WriteInt32(2);
        WriteInt16(value);
    }

    public void Long(long value)
    {
        WriteInt32(8);
        BinaryPrimitives.WriteInt64BigEndian(Reserve(8), value);
        _length += 8;
    }

    public void Bool(bool? value)
    {
        if (value is { } v)
        {
            WriteInt32(1);
            Reserve(1)[0] = v ? (byte)1 : (byte)0;
            _length++;
        }
        else
        {
            Null();
        }
    }

    public void Uuid(Guid value)
    {
        WriteInt32(16);
        value.TryWriteBytes(Reserve(16), bigEndian: true, out _);
        _length += 16;
    }

    // As Npgsql writes them: DateOnly.MinValue/MaxValue are -infinity/infinity.
    public void Date(DateOnly value)
    {
        WriteInt32(4);
        WriteInt32(value == DateOnly.MaxValue ? int.MaxValue : value == DateOnly.MinValue ? int.MinValue : value.DayNumber - PostgresEpochDayNumber);
    }

    // timestamptz: microseconds since 2000-01-01 UTC; DateTime.MinValue/MaxValue are -infinity/infinity, as in Npgsql.
    public void Timestamp(DateTime utc)
    {
        if (utc.Kind != DateTimeKind.Utc && utc != DateTime.MinValue && utc != DateTime.MaxValue)
        {
            throw new ArgumentException($"timestamptz values must be UTC (got Kind={utc.Kind})", nameof(utc));
        }

        var micros = utc == DateTime.MaxValue ? long.MaxValue : utc == DateTime.MinValue ? long.MinValue : (utc.Ticks - PostgresEpochTicks) / 10;
        Long(micros);
    }

    public void Double(double? value)
    {
        if (value is { } v)
        {
            WriteInt32(8);
            BinaryPrimitives.WriteDoubleBigEndian(Reserve(8), v);
            _length += 8;
        }
        else
        {
            Null();
        }
    }

    public void TimestampOrNull(DateTime? utc)
    {
        if (utc is { } v)
        {
            Timestamp(v);
        }
        else
        {
            Null();
        }
    }

    public void DateOrNull(DateOnly? value)
    {
        if (value is { } v)
        {
            Date(v);
        }
        else
        {
            Null();
        }
    }

    public void Decimal(decimal? value)
    {
        if (value is not { } v)
        {
            Null();
            return;
        }

        // numeric: ndigits, weight (of the first base-10000 digit), sign, display scale, then the base-10000 digits.
        Span<short> digits = stackalloc short[16];
        var count = 0;
        var scale = v.Scale;
        var text = Math.Abs(v).ToString(CultureInfo.InvariantCulture);
        var point = text.IndexOf('.', StringComparison.Ordinal);
        var integer = point < 0 ? text.AsSpan() : text.AsSpan(0, point);
        var fraction = point < 0 ? [] : text.AsSpan(point + 1);
        if (integer is "0")
        {
            integer = [];
        }

        var integerGroups = (integer.Length + 3) / 4;
        var weight = integerGroups - 1;
        var firstGroup = integer.Length - ((integerGroups - 1) * 4);
        for (var g = 0; g < integerGroups; g++)
        {
            var part = g == 0 ? integer[..firstGroup] : integer.Slice(firstGroup + ((g - 1) * 4), 4);
            digits[count++] = short.Parse(part, CultureInfo.InvariantCulture);
        }

        for (var at = 0; at < fraction.Length; at += 4)
        {
            var part = fraction[at..Math.Min(fraction.Length, at + 4)];
            var group = short.Parse(part, CultureInfo.InvariantCulture);
            for (var pad = part.Length; pad < 4; pad++)
            {
                group *= 10;
            }

            digits[count++] = group;
        }

        var start = 0;
        while (start < count && digits[start] == 0)
        {
            start++;
            weight--;
        }

        while (count > start && digits[count - 1] == 0)
        {
            count--;
        }

        var ndigits = count - start;
        if (ndigits == 0)
        {
            weight = 0;
        }

        WriteInt32(8 + (2 * ndigits));
        WriteInt16((short)ndigits);
        WriteInt16((short)weight);
        WriteInt16(ndigits > 0 && v < 0 ? (short)0x4000 : (short)0);
        WriteInt16((short)scale);
        for (var i = start; i < count; i++)
        {
            WriteInt16(digits[i]);
        }
    }

    // Arrays: array_recv's format — dimensions (1), a has-nulls flag, the element type's OID, per dimension its length
    // and lower bound (1), then each element as a field (length, or -1 for null, and its bytes), so the scalar encoders
    // above write the elements. The array's own length is known at the end and written back.
    private const int TextOid = 25;
    private const int Int8Oid = 20;
    private const int NumericOid = 1700;
    private const int TimestampTzOid = 1184;

    public void TextArray(IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            Null();
            return;
        }

        var at = BeginArray(TextOid, values.Count, hasNull: false);
        foreach (var value in values)
        {
            Text(value);
        }

        EndArray(at);
    }

    public void LongArray(IReadOnlyList<long?>? values)
    {
        if (values is null)
        {
            Null();
            return;
        }

        var at = BeginArray(Int8Oid, values.Count, values.Any(static v => v is null));
        foreach (var value in values)
        {
            if (value is { } v)
            {
                Long(v);
            }
            else
            {
                Null();
            }
        }

        EndArray(at);
    }

    public void DecimalArray(IReadOnlyList<decimal?>? values)
    {
        if (values is null)
        {
            Null();
            return;
        }

        var at = BeginArray(NumericOid, values.Count, values.Any(static v => v is null));
        foreach (var value in values)
        {
            Decimal(value);
        }

        EndArray(at);
    }

    public void TimestampArray(IReadOnlyList<DateTime?>? values)
    {
        if (values is null)
        {
            Null();
            return;
        }

        var at = BeginArray(TimestampTzOid, values.Count, values.Any(static v => v is null));
        foreach (var value in values)
        {
            TimestampOrNull(value);
        }

        EndArray(at);
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Null() => WriteInt32(-1);

    /// <summary>Writes a placeholder for the field length and the array header; returns where the length goes.</summary>
    private int BeginArray(int elementOid, int count, bool hasNull)
    {
        var at = _length;
        WriteInt32(0);
        if (count == 0)
        {
            WriteInt32(0);
            WriteInt32(0);
            WriteInt32(elementOid);
            return at;
        }

        WriteInt32(1);
        WriteInt32(hasNull ? 1 : 0);
        WriteInt32(elementOid);
        WriteInt32(count);
        WriteInt32(1);
        return at;
    }

    private void EndArray(int at) => BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(at), _length - at - 4);

    private void Utf8(ReadOnlySpan<char> value, bool prefix)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length) + 1;
        var span = Reserve(4 + max);
        var offset = prefix ? 5 : 4;
        if (prefix)
        {
            span[4] = (byte)JsonbVersion;
        }

        var written = Encoding.UTF8.GetBytes(value, span[offset..]);
        BinaryPrimitives.WriteInt32BigEndian(span, written + offset - 4);
        _length += written + offset;
    }

    private void WriteInt16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(Reserve(2), value);
        _length += 2;
    }

    private void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(Reserve(4), value);
        _length += 4;
    }

    private Span<byte> Reserve(int size)
    {
        if (_length + size > _buffer.Length)
        {
            Grow(size);
        }

        return _buffer.AsSpan(_length);
    }

    private void Grow(int size)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + size));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
