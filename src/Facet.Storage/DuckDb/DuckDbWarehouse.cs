using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Facet.Storage.Internal;
using Microsoft.Extensions.Logging;

namespace Facet.Storage.DuckDb;

/// <summary>
/// The embedded warehouse: one DuckDB file, written by one process (DuckDB locks the file against other processes).
/// Inside the process every warehouse object on the same file shares one write gate: their connections share one
/// DuckDB instance, where two batch transactions upserting the same rollup rows at once fail with a constraint error
/// instead of waiting. Readers in the same process may open their own connections.
/// </summary>
internal sealed class DuckDbWarehouse : WarehouseBase
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> WriteGates = new(StringComparer.Ordinal);

    private readonly DuckDBConnection _connection;

    // Every batch runs the same ~30 statements: each is parsed and planned once, then reused (issue 11: ~10 % of a
    // batch's time went to preparing them again).
    private readonly Dictionary<string, DuckDBCommand> _commands = new(StringComparer.Ordinal);

    private readonly DuckDbStatementTimes _times = new();

    private DuckDbWarehouse(WarehouseLocation location, WarehouseOptions options, ILogger logger, DuckDBConnection connection, string path)
        : base(location, options, logger, Migration.For("DuckDb"), WriteGates.GetOrAdd(path, static _ => new SemaphoreSlim(1, 1))) => _connection = connection;

    internal DuckDBConnection Connection => _connection;

    /// <summary>How many batch statements are cached (a fixed set: it must not grow with the batches).</summary>
    internal int PreparedCount => _commands.Count;

    /// <summary>Time per batch statement so far (<see cref="ExecutePrepared"/> and <see cref="ReadPrepared"/>).</summary>
    internal DuckDbStatementTimes StatementTimes => _times;

    public static async Task<DuckDbWarehouse> OpenAsync(WarehouseLocation location, WarehouseOptions options, ILoggerFactory loggerFactory, CancellationToken ct)
    {
        var path = Path.GetFullPath(location.DuckDbPath!);
        if (Path.GetDirectoryName(path) is { } directory && !Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"the folder of the DuckDB warehouse {location} does not exist ({directory}): create it or choose another path");
        }

        if (new FileInfo(path) is { Exists: true, Length: 0 })
        {
            // An empty file (`touch new.duckdb`) holds nothing, but DuckDB refuses it as "not a valid DuckDB database
            // file": it is a new warehouse (issue 23), so let DuckDB create it afresh.
            File.Delete(path);
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

        var warehouse = new DuckDbWarehouse(location, options, loggerFactory.CreateLogger<DuckDbWarehouse>(), connection, path);
        try
        {
            warehouse.Execute(DuckDbSql.Setup);
            warehouse.Execute(DuckDbSql.CheckpointThreshold);
            warehouse.Execute(DuckDbSql.MemoryLimit(options.DuckDbMemoryLimit));
            warehouse.Execute(DuckDbSql.AllocatorFlushThreshold);
            warehouse.Execute(DuckDbSql.AllocatorBackgroundThreads);
            if (options.DuckDbThreads > 0)
            {
                warehouse.Execute(DuckDbSql.Threads(options.DuckDbThreads));
            }

            if (!options.DuckDbCheckpointOnClose)
            {
                warehouse.Execute(DuckDbSql.NoCheckpointOnClose);
            }
        }
        catch
        {
            await warehouse.DisposeAsync();
            throw;
        }

        return warehouse;
    }

    /// <summary>Runs a one-off statement (set-up, migrations).</summary>
    internal int Execute(string sql, params object?[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return Run(command, parameters);
    }

    /// <summary>Runs one of the batch statements through its cached prepared command.</summary>
    internal int ExecutePrepared(string sql, params object?[] parameters)
    {
        var start = Stopwatch.GetTimestamp();
        var changed = Run(Prepared(sql), parameters);
        _times.Add(sql, start);
        return changed;
    }

    /// <summary>Runs one of the batch queries through its cached prepared command, <paramref name="read"/> once per row.</summary>
    internal void ReadPrepared(string sql, Action<DuckDBDataReader> read)
    {
        var start = Stopwatch.GetTimestamp();
        using (var reader = Prepared(sql).ExecuteReader())
        {
            while (reader.Read())
            {
                read(reader);
            }
        }

        _times.Add(sql, start);
    }

    private static int Run(DuckDBCommand command, object?[] parameters)
    {
        foreach (var p in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(p ?? DBNull.Value));
        }

        return command.ExecuteNonQuery();
    }

    /// <summary>
    /// The cached command for one of the batch statements (a fixed set), its parameters cleared; the warehouse owns
    /// it (do not dispose). DuckDB re-binds a prepared statement by itself when the catalog changes.
    /// </summary>
    private DuckDBCommand Prepared(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }

        command.Parameters.Clear();
        return command;
    }

    private object? Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>True when the file holds no table at all: a file DuckDB has just created, or one nobody filled.</summary>
    internal bool IsEmpty() => Convert.ToInt64(Scalar(DuckDbSql.CountTables), CultureInfo.InvariantCulture) == 0;

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

        var level = current == 0 ? LogLevel.Debug : LogLevel.Information;
        var begun = Stopwatch.GetTimestamp();
        foreach (var migration in Migrations)
        {
            if (migration.Version <= current)
            {
                continue;
            }

            ct.ThrowIfCancellationRequested();
            Log.MigrationApplying(Logger, level, Location, migration.Version, migration.Description);
            var started = Stopwatch.GetTimestamp();
            Execute(migration.Sql);
            Execute(DuckDbSql.InsertSchemaVersion, migration.Version, migration.Description);
            Log.MigrationApplied(Logger, level, Location, migration.Version, migration.Description, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        transaction.Commit();
        if (current == 0)
        {
            Log.SchemaCreated(Logger, Location, SupportedVersion, Stopwatch.GetElapsedTime(begun).TotalSeconds);
        }

        if (current == SupportedVersion)
        {
            Log.SchemaUpToDate(Logger, Location, current);
        }
        else
        {
            // DuckDB 1.5.6 cannot replay an ALTER from its log (opening fails with "Failure while replaying WAL file
            // … GetDefaultDatabase with no default database set"), so a migration left in the log made the file
            // unopenable after a crash, or a close without a checkpoint, before the first automatic checkpoint. The
            // checkpoint right after migrating keeps DDL out of the log.
            Execute(DuckDbSql.Checkpoint);
        }

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
        if (Logger.IsEnabled(LogLevel.Debug))
        {
            foreach (var (seconds, calls, statement) in _times.Top(10))
            {
                Log.DuckDbStatementTime(Logger, seconds, calls, statement);
            }
        }

        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync();
        }

        _commands.Clear();
        await _connection.DisposeAsync();
        await base.DisposeAsync();
    }
}
