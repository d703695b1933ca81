using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;

namespace Facet.Benchmarks;

/// <summary>
/// The floor of bench/import-csv.sh's DuckDB rows: the end state a `facet import csv` left in SOURCE, written into
/// TARGET (a file `facet db migrate` just made, so the same tables, keys and indexes) by DuckDB's own bulk path, one
/// <c>INSERT … SELECT</c> per table from the attached source, with facet's DuckDB defaults (one thread, 512MB). Any
/// loader that produces this schema writes at least these rows; what an import costs above it is parsing, validation,
/// dedup, dimension look-ups, the window computation and staging. Only the tables whose row count differs from
/// TARGET's are copied (the migration's own rows, such as the date dimension, are already there). Prints one line per
/// table: name, rows, CPU seconds of this process for its statement; then the total.
/// </summary>
internal static class DuckDbStarSchemaFloor
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [var source, var target])
        {
            await Console.Error.WriteLineAsync("usage: duckdb-star-schema-floor SOURCE.duckdb TARGET.duckdb (TARGET freshly migrated)");
            return 2;
        }

        await using var connection = new DuckDBConnection($"Data Source={target}");
        await connection.OpenAsync();
        await ExecuteAsync(connection, "SET threads = 1; SET memory_limit = '512MB'; SET preserve_insertion_order = true;");
        await ExecuteAsync(connection, $"ATTACH '{source.Replace("'", "''", StringComparison.Ordinal)}' AS src (READ_ONLY)");
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' ORDER BY table_name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var process = Process.GetCurrentProcess();
        var total = TimeSpan.Zero;
        foreach (var table in tables)
        {
            var quoted = "\"" + table.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            var sourceRows = await CountAsync(connection, $"src.main.{quoted}");
            if (sourceRows == await CountAsync(connection, quoted))
            {
                continue;
            }

            process.Refresh();
            var before = process.TotalProcessorTime;
            await ExecuteAsync(connection, $"BEGIN; DELETE FROM {quoted}; INSERT INTO {quoted} SELECT * FROM src.main.{quoted}; COMMIT;");
            process.Refresh();
            var cpu = process.TotalProcessorTime - before;
            total += cpu;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{table} {sourceRows} {cpu.TotalSeconds:F2}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total - {total.TotalSeconds:F2}"));
        return 0;
    }

    private static async Task ExecuteAsync(DuckDBConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(DuckDBConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
