using System.Data.Common;
using DuckDB.NET.Data;
using Npgsql;

namespace Facet.Testing;

/// <summary>Reads counts straight from a warehouse (PostgreSQL connection string or a DuckDB file) to check what a run left behind.</summary>
public sealed class WarehouseProbe(string? postgresConnectionString = null, string? duckDbPath = null)
{
    public static WarehouseProbe Postgres(string connectionString) => new(postgresConnectionString: connectionString);

    public static WarehouseProbe DuckDb(string path) => new(duckDbPath: path);

    public string WarehouseArgument => postgresConnectionString ?? "duckdb:" + duckDbPath;

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Every row of a query, each as its column values (DBNull as null).</summary>
    public async Task<List<object?[]>> QueryAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public Task<long> FactsAsync() => ScalarAsync("SELECT count(*) FROM fact_events");

    public Task<long> DistinctFactIdsAsync() => ScalarAsync("SELECT count(DISTINCT event_id) FROM fact_events");

    public Task<long> BadEventsAsync() => ScalarAsync("SELECT count(*) FROM bad_events");

    /// <summary>Sum of the next offsets stored for a consumer group and topic (= messages consumed when every partition started at 0).</summary>
    public Task<long> CheckpointSumAsync(string group, string topic) =>
        ScalarAsync($"SELECT CAST(coalesce(sum(next_offset), 0) AS BIGINT) FROM stream_checkpoints WHERE consumer_group = '{group.Replace("'", "''", StringComparison.Ordinal)}' AND topic = '{topic.Replace("'", "''", StringComparison.Ordinal)}'");

    private async Task<DbConnection> OpenAsync()
    {
        if (postgresConnectionString is not null)
        {
            var pg = new NpgsqlConnection(postgresConnectionString);
            await pg.OpenAsync();
            return pg;
        }

        // Probe after the writer closed the file: another process cannot open a DuckDB file a writer holds.
        var duck = new DuckDBConnection($"Data Source={duckDbPath}");
        await duck.OpenAsync();
        return duck;
    }
}
