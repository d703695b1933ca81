using Facet.Storage.Postgres;
using Facet.Testing;
using Npgsql;

namespace Facet.Storage.Tests.Postgres;

public sealed class PostgresBinaryRowWriterTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const string Columns = "id, t, j, i, s, l, b, u, d, ts, n";

    private static readonly decimal?[] Decimals =
    [
        null, 0m, -0.00m, 12.50m, -12.5m, 1234567.891m, 0.0005m, 0.00000005m, 10000m, 100000000.0001m, 99999999m,
        79228162514264337593543950335m, -79228162514264337593543950335m, 0.0000000000000000000000000001m, 1.10m, 3m,
    ];

    [Fact]
    public async Task Raw_binary_copy_stores_the_same_values_as_the_Npgsql_importer()
    {
        await using var dataSource = database.CreateDataSource();
        await using var connection = await dataSource.OpenConnectionAsync();
        foreach (var table in new[] { "via_npgsql", "via_raw" })
        {
            await using var create = new NpgsqlCommand(
                $"CREATE TABLE {table} (id int, t text, j jsonb, i int, s smallint, l bigint, b boolean, u uuid, d date, ts timestamptz, n numeric)", connection);
            await create.ExecuteNonQueryAsync();
        }

        await using (var importer = await connection.BeginBinaryImportAsync($"COPY via_npgsql ({Columns}) FROM STDIN (FORMAT BINARY)"))
        {
            WriteRows(new PostgresRowWriter(importer));
            await importer.CompleteAsync();
        }

        using (var writer = new PostgresBinaryRowWriter(11, initialCapacity: 64))
        {
            WriteRows(writer);
            writer.Finish();
            await using var stream = await connection.BeginRawBinaryCopyAsync($"COPY via_raw ({Columns}) FROM STDIN (FORMAT BINARY)");
            await stream.WriteAsync(writer.Flush());
        }

        var expected = await ReadAsync(connection, "via_npgsql");
        Assert.Equal(Decimals.Length, expected.Count);
        Assert.Equal(expected, await ReadAsync(connection, "via_raw"));
    }

    /// <summary>
    /// The window step's packed windows (issue 18) stage their aggregates as arrays: each element type with nulls, with
    /// one element, and a buffer that grows inside an array (the array's length is written back at its end); a window
    /// not stored whole stages null arrays in the same columns.
    /// </summary>
    [Fact]
    public async Task Raw_binary_copy_stores_the_same_arrays_as_the_Npgsql_importer()
    {
        const string ArrayColumns = "id, t, l, n, ts";
        await using var dataSource = database.CreateDataSource();
        await using var connection = await dataSource.OpenConnectionAsync();
        foreach (var table in new[] { "arrays_via_npgsql", "arrays_via_raw" })
        {
            await using var create = new NpgsqlCommand($"CREATE TABLE {table} (id int, t text[], l bigint[], n numeric[], ts timestamptz[])", connection);
            await create.ExecuteNonQueryAsync();
        }

        await using (var importer = await connection.BeginBinaryImportAsync($"COPY arrays_via_npgsql ({ArrayColumns}) FROM STDIN (FORMAT BINARY)"))
        {
            WriteArrayRows(new PostgresRowWriter(importer));
            await importer.CompleteAsync();
        }

        using (var writer = new PostgresBinaryRowWriter(5, initialCapacity: 64))
        {
            WriteArrayRows(writer);
            writer.Finish();
            await using var stream = await connection.BeginRawBinaryCopyAsync($"COPY arrays_via_raw ({ArrayColumns}) FROM STDIN (FORMAT BINARY)");
            await stream.WriteAsync(writer.Flush());
        }

        await using var select = new NpgsqlCommand(
            """
            SELECT count(*), count(*) FILTER (WHERE r.t IS NOT DISTINCT FROM n.t AND r.l IS NOT DISTINCT FROM n.l
                AND r.n::text IS NOT DISTINCT FROM n.n::text AND r.ts IS NOT DISTINCT FROM n.ts
                AND (r.t IS NULL OR (array_length(r.t, 1) > 0 AND array_ndims(r.ts) = 1 AND array_lower(r.ts, 1) = 1))),
                   sum(cardinality(r.n)), count(*) FILTER (WHERE array_position(r.n, NULL) IS NOT NULL),
                   count(*) FILTER (WHERE r.t IS NULL AND r.l IS NULL AND r.n IS NULL AND r.ts IS NULL)
            FROM arrays_via_raw r JOIN arrays_via_npgsql n USING (id)
            """, connection);
        await using var reader = await select.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(Decimals.Length, reader.GetInt64(0));
        Assert.Equal(Decimals.Length, reader.GetInt64(1));
        Assert.Equal(Enumerable.Range(0, Decimals.Length).Where(static row => !IsNullArrayRow(row)).Sum(static row => row + 1), reader.GetInt64(2));
        Assert.True(reader.GetInt64(3) > 0, "some numeric arrays must hold a null");
        Assert.Equal(Enumerable.Range(0, Decimals.Length).Count(IsNullArrayRow), reader.GetInt64(4));
        Assert.True(reader.GetInt64(4) > 0, "some rows must have null arrays");
    }

    private static bool IsNullArrayRow(int row) => row % 4 == 3;

    private static void WriteArrayRows(Facet.Storage.Internal.IFactRowWriter w)
    {
        for (var row = 0; row < Decimals.Length; row++)
        {
            var size = row + 1;
            w.StartRow();
            w.Int(row);
            if (IsNullArrayRow(row))
            {
                w.TextArray(null);
                w.LongArray(null);
                w.DecimalArray(null);
                w.TimestampArray(null);
                w.EndRow();
                continue;
            }

            w.TextArray([.. Enumerable.Range(0, size).Select(i => $"aggregate_{i} ü " + new string('y', row * 10))]);
            w.LongArray([.. Enumerable.Range(0, size).Select(i => i % 3 == 1 ? (long?)null : (long)i * row * 1_000_000_007L)]);
            w.DecimalArray([.. Enumerable.Range(0, size).Select(i => Decimals[(row + i) % Decimals.Length])]);
            w.TimestampArray([.. Enumerable.Range(0, size).Select(i => i % 4 == 2 ? (DateTime?)null
                : new DateTime(2026, 11, 15, 12, 34, 56, DateTimeKind.Utc).AddTicks(row * 123_456_780L).AddMinutes(-i * 97))]);
            w.EndRow();
        }
    }

    private static void WriteRows(Facet.Storage.Internal.IFactRowWriter w)
    {
        for (var row = 0; row < Decimals.Length; row++)
        {
            var odd = row % 2 == 1;
            w.StartRow();
            w.Int(row);
            w.Text(odd ? null : $"Ünïcødé ✓ 😀 row {row} " + new string('x', row * 40));
            var json = $$"""{"k": "v{{row}}", "n": [1, 2.5, null], "ü": true}""";
            if (odd)
            {
                w.Json((string?)null);
            }
            else if (row % 4 == 2)
            {
                w.Json(System.Text.Encoding.UTF8.GetBytes(json)); // as FactRow writes options and carts: UTF-8 bytes
            }
            else
            {
                w.Json(json);
            }

            w.Int(odd ? null : -row * 1000);
            w.Short((short)(odd ? short.MinValue : row));
            w.Long(odd ? long.MaxValue : -row);
            w.Bool(row % 3 == 0 ? null : odd);
            w.Uuid(new Guid($"0123456789abcdef0123456789abcd{row:x2}"));
            w.Date(row == 1 ? DateOnly.MaxValue : new DateOnly(1999 + row, 12, 31).AddDays(-row));
            w.Timestamp(row == 3 ? DateTime.MinValue : new DateTime(2026, 11, 15, 12, 34, 56, DateTimeKind.Utc).AddTicks(row * 123_456_780L).AddYears(-row * 3));
            w.Decimal(Decimals[row]);
            w.EndRow();
        }
    }

    private static async Task<List<string>> ReadAsync(NpgsqlConnection connection, string table)
    {
        // Compared as PostgreSQL's own text output (numeric keeps its display scale there), ordered by id.
        await using var select = new NpgsqlCommand(
            $"SELECT concat_ws('|', id, coalesce(t, '∅'), coalesce(j::text, '∅'), coalesce(i::text, '∅'), s, l, coalesce(b::text, '∅'), u, d, ts AT TIME ZONE 'UTC', coalesce(n::text, '∅')) FROM {table} ORDER BY id",
            connection);
        var rows = new List<string>();
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
