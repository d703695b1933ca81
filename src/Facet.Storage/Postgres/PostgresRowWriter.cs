using Facet.Storage.Internal;
using Npgsql;
using NpgsqlTypes;

namespace Facet.Storage.Postgres;

/// <summary>Writes fact rows to a binary COPY.</summary>
internal sealed class PostgresRowWriter(NpgsqlBinaryImporter importer) : IFactRowWriter
{
    public void StartRow() => importer.StartRow();

    public void EndRow()
    {
    }

    public void Text(string? value)
    {
        if (value is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(value, NpgsqlDbType.Text);
        }
    }

    public void Json(string? value)
    {
        if (value is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(value, NpgsqlDbType.Jsonb);
        }
    }

    public void Int(int? value)
    {
        if (value is { } v)
        {
            importer.Write(v, NpgsqlDbType.Integer);
        }
        else
        {
            importer.WriteNull();
        }
    }

    public void Short(short value) => importer.Write(value, NpgsqlDbType.Smallint);

    public void Long(long value) => importer.Write(value, NpgsqlDbType.Bigint);

    public void Bool(bool? value)
    {
        if (value is { } v)
        {
            importer.Write(v, NpgsqlDbType.Boolean);
        }
        else
        {
            importer.WriteNull();
        }
    }

    public void Uuid(Guid value) => importer.Write(value, NpgsqlDbType.Uuid);

    public void Date(DateOnly value) => importer.Write(value, NpgsqlDbType.Date);

    public void Timestamp(DateTime utc) => importer.Write(utc, NpgsqlDbType.TimestampTz);

    public void Decimal(decimal? value)
    {
        if (value is { } v)
        {
            importer.Write(v, NpgsqlDbType.Numeric);
        }
        else
        {
            importer.WriteNull();
        }
    }

    public void Double(double? value)
    {
        if (value is { } v)
        {
            importer.Write(v, NpgsqlDbType.Double);
        }
        else
        {
            importer.WriteNull();
        }
    }

    public void TimestampOrNull(DateTime? utc)
    {
        if (utc is { } v)
        {
            importer.Write(v, NpgsqlDbType.TimestampTz);
        }
        else
        {
            importer.WriteNull();
        }
    }

    public void DateOrNull(DateOnly? value)
    {
        if (value is { } v)
        {
            importer.Write(v, NpgsqlDbType.Date);
        }
        else
        {
            importer.WriteNull();
        }
    }

    // Npgsql resolves array writers for concrete arrays, not for IReadOnlyList<T>. A null array is a NULL.
    public void TextArray(IReadOnlyList<string>? values) => WriteArray(values, NpgsqlDbType.Text);

    public void LongArray(IReadOnlyList<long?>? values) => WriteArray(values, NpgsqlDbType.Bigint);

    public void DecimalArray(IReadOnlyList<decimal?>? values) => WriteArray(values, NpgsqlDbType.Numeric);

    public void TimestampArray(IReadOnlyList<DateTime?>? values) => WriteArray(values, NpgsqlDbType.TimestampTz);

    private void WriteArray<T>(IReadOnlyList<T>? values, NpgsqlDbType element)
    {
        if (values is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write<T[]>([.. values], NpgsqlDbType.Array | element);
        }
    }
}
