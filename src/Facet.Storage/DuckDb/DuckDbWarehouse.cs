using System.Globalization;
using DuckDB.NET.Data;
using Facet.Storage.Internal;
using Microsoft.Extensions.Logging;

namespace Facet.Storage.DuckDb;

/// <summary>
/// The embedded warehouse: one DuckDB file, written by one process through one connection (DuckDB locks the file
/// against other writers). Readers in the same process may open their own connections.
/// </summary>
internal sealed class DuckDbWarehouse : WarehouseBase
{
    private readonly DuckDBConnection _connection;

    private DuckDbWarehouse(WarehouseLocation location, WarehouseOptions options, ILogger logger, DuckDBConnection connection)
        : base(location, options, logger, Migration.For("DuckDb")) => _connection = connection;

    internal DuckDBConnection Connection => _connection;

    public static async Task<DuckDbWarehouse> OpenAsync(WarehouseLocation location, WarehouseOptions options, ILoggerFactory loggerFactory, CancellationToken ct)
    {
        var path = Path.GetFullPath(location.DuckDbPath!);
        if (Path.GetDirectoryName(path) is { } directory && !Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"the folder of the DuckDB warehouse {location} does not exist ({directory}): create it or choose another path");
        }

        var connection = new DuckDBConnection(new DuckDBConnectionStringBuilder { DataSource = path }.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
        }
        catch (DuckDBException ex) when (ex.Message.Contains("lock", StringComparison.OrdinalIgnoreCase))
        {
            await connection.DisposeAsync();
            throw new IOException($"the DuckDB warehouse {location} is open for writing in another process (one process writes a DuckDB file; use PostgreSQL for several workers)", ex);
        }

        var warehouse = new DuckDbWarehouse(location, options, loggerFactory.CreateLogger<DuckDbWarehouse>(), connection);
        warehouse.Execute(DuckDbSql.Setup);
        warehouse.Execute(DuckDbSql.CheckpointThreshold);
        return warehouse;
    }

    internal int Execute(string sql, params object?[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(p ?? DBNull.Value));
        }

        return command.ExecuteNonQuery();
    }

    private object? Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    protected override Task<int> ReadSchemaVersionAsync(CancellationToken ct)
    {
        if (Convert.ToInt64(Scalar(DuckDbSql.HasSchemaVersion), CultureInfo.InvariantCulture) == 0)
        {
            return Task.FromResult(0);
        }

        return Task.FromResult(Convert.ToInt32(Scalar(DuckDbSql.MaxSchemaVersion), CultureInfo.InvariantCulture));
    }

    protected override Task MigrateCoreAsync(CancellationToken ct)
    {
        using var transaction = _connection.BeginTransaction();
        Execute(DuckDbSql.CreateSchemaVersion);
        var current = Convert.ToInt32(Scalar(DuckDbSql.MaxSchemaVersion), CultureInfo.InvariantCulture);
        if (current > SupportedVersion)
        {
            throw new WarehouseSchemaException(Migration.NewerSchemaMessage(Location, current, SupportedVersion));
        }

        foreach (var migration in Migrations)
        {
            if (migration.Version <= current)
            {
                continue;
            }

            ct.ThrowIfCancellationRequested();
            Execute(migration.Sql);
            Execute(DuckDbSql.InsertSchemaVersion, migration.Version, migration.Description);
            Log.MigrationApplied(Logger, Location, migration.Version, migration.Description);
        }

        transaction.Commit();
        if (current == SupportedVersion)
        {
            Log.SchemaUpToDate(Logger, Location, current);
        }

        return Task.CompletedTask;
    }

    protected override Task OnSchemaVerifiedAsync(CancellationToken ct)
    {
        // Session-scoped staging tables for the appender; created once, emptied per use.
        Execute(DuckDbSql.CreateKeyStage);
        Execute(DuckDbSql.CreateBadStage);
        foreach (var d in Dimension.All)
        {
            Execute(DuckDbSql.CreateDimensionStage(d));
        }

        Execute(DuckDbSql.CreateRollupStage);

        Execute(DuckDbSql.CreateDeviceStage);

        return Task.CompletedTask;
    }

    protected override Task<IReadOnlyDictionary<int, long>> ReadCheckpointsCoreAsync(string consumerGroup, string topic, CancellationToken ct)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = DuckDbSql.ReadCheckpoints;
        command.Parameters.Add(new DuckDBParameter(consumerGroup));
        command.Parameters.Add(new DuckDBParameter(topic));
        var result = new Dictionary<int, long>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result[reader.GetInt32(0)] = reader.GetInt64(1);
        }

        return Task.FromResult<IReadOnlyDictionary<int, long>>(result);
    }

    protected override Task<BatchTransaction> BeginAsync(CancellationToken ct) =>
        Task.FromResult<BatchTransaction>(new DuckDbBatchTransaction(this, _connection.BeginTransaction()));

    public override async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await base.DisposeAsync();
    }
}
