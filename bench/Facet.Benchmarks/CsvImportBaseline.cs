using DuckDB.NET.Data;

namespace Facet.Benchmarks;

/// <summary>
/// The raw DuckDB path of bench/import-csv.sh: <c>read_csv</c> of a file into a new table of a new database, with
/// DuckDB's defaults (column types detected, a thread per core), printing the row count.
/// </summary>
internal static class CsvImportBaseline
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [var file, var database])
        {
            await Console.Error.WriteLineAsync("usage: duckdb-read-csv FILE DATABASE");
            return 2;
        }

        await using var connection = new DuckDBConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE raw_transactions AS SELECT * FROM read_csv($file, header = true)";
        command.Parameters.Add(new DuckDBParameter("file", file));
        await command.ExecuteNonQueryAsync();
        command.CommandText = "SELECT count(*) FROM raw_transactions";
        command.Parameters.Clear();
        Console.WriteLine(await command.ExecuteScalarAsync());
        return 0;
    }
}
