using System.Data;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Facet.Storage.Internal;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Facet.Storage.Postgres;

/// <summary>
/// The production warehouse. Facts are partitioned by UTC day; partitions are created ahead and on demand, outside
/// the batch transaction (they are structure, harmless if the batch rolls back). Many processes may write at once.
/// </summary>
internal sealed class PostgresWarehouse : WarehouseBase
{
    /// <summary>After a batch meets facts already stored, batches probe for stored keys before their COPY until this many in a row found none.</summary>
    internal const int ProbeFirstBatches = 16;

    private readonly NpgsqlDataSource _dataSource;
    private readonly HashSet<DateOnly> _partitions = [];

    // The session holding this process's owner lock (V024), opened before the first batch whose derived rows trail it.
    private NpgsqlConnection? _ownerSession;
    private int _owner;

    private PostgresWarehouse(WarehouseLocation location, WarehouseOptions options, ILogger logger, NpgsqlDataSource dataSource)
        : base(location, options, logger, Migration.For("Postgres")) => _dataSource = dataSource;

    /// <summary>Batches left that probe for stored keys first (see <see cref="ProbeFirstBatches"/>).</summary>
    internal int ProbeFirstBatchesLeft { get; set; }

    internal NpgsqlDataSource DataSource => _dataSource;

    public static PostgresWarehouse Create(WarehouseLocation location, WarehouseOptions options, ILoggerFactory loggerFactory)
    {
        var builder = new NpgsqlDataSourceBuilder(location.PostgresConnectionString);
        builder.UseLoggerFactory(loggerFactory);
        // Every batch's statements are planned afresh over tables whose statistics lag the load, and their cost
        // estimates pass jit_above_cost, so PostgreSQL's JIT compiled them with LLVM at every batch: up to several CPU
        // seconds per 20,000 events on the session rebuild alone, more than the statements' own work (issue 22,
        // BENCHMARKS.md). A connection string whose Options set jit itself keeps its choice.
        var serverOptions = builder.ConnectionStringBuilder.Options;
        if (serverOptions is null || !serverOptions.Contains("jit", StringComparison.OrdinalIgnoreCase))
        {
            builder.ConnectionStringBuilder.Options = string.IsNullOrWhiteSpace(serverOptions) ? "-c jit=off" : serverOptions + " -c jit=off";
        }

        // A pooled connection keeps its session between batches: Npgsql's reset on return (DISCARD ALL) dropped the
        // batch transaction's temporary stage tables (seven in a clickstream batch) and the next batch created them
        // again — 8–32 ms of DISCARD plus the CREATEs and their catalog rows per batch (issue 22, BENCHMARKS.md), a
        // cost per batch that a trigger-cut `facet run` pays several times a second. Facet sets no session state
        // beyond them (SET LOCAL and transaction-scoped advisory locks only); the tables are ON COMMIT DELETE ROWS, and
        // Npgsql still rolls back a transaction left open. A connection string that sets No Reset On Close keeps it.
        if (!SetsNoResetOnClose(builder.ConnectionStringBuilder.ConnectionString))
        {
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        }

        return new PostgresWarehouse(location, options, loggerFactory.CreateLogger<PostgresWarehouse>(), builder.Build());
    }

    // Npgsql's builder answers ContainsKey for every keyword it knows, set or not; the string it writes back holds only
    // the keys that were set, under their canonical names (a synonym such as NoResetOnClose comes back as this one).
    private static bool SetsNoResetOnClose(string connectionString) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.ContainsKey("No Reset On Close");

    protected override async Task<int> ReadSchemaVersionAsync(CancellationToken ct)
    {
        await using (var exists = _dataSource.CreateCommand(PostgresSql.HasSchemaVersion))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(ct))!)
            {
                return 0;
            }
        }

        await using var command = _dataSource.CreateCommand(PostgresSql.MaxSchemaVersion);
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    protected override async Task MigrateCoreAsync(CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var @lock = new NpgsqlCommand(PostgresSql.MigrationLock, connection, transaction))
        {
            await @lock.ExecuteNonQueryAsync(ct);
        }

        await using (var create = new NpgsqlCommand(PostgresSql.CreateSchemaVersion, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        int current;
        await using (var read = new NpgsqlCommand(PostgresSql.MaxSchemaVersion, connection, transaction))
        {
            current = Convert.ToInt32(await read.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }

        if (current > SupportedVersion)
        {
            throw new WarehouseSchemaException(Migration.NewerSchemaMessage(Location, current, SupportedVersion));
        }

        var level = current == 0 ? LogLevel.Debug : LogLevel.Information;
        var begun = Stopwatch.GetTimestamp();
        // All pending migrations commit together with their schema_version rows (PostgreSQL DDL is transactional).
        foreach (var migration in Migrations)
        {
            if (migration.Version <= current)
            {
                continue;
            }

            Log.MigrationApplying(Logger, level, Location, migration.Version, migration.Description);
            var started = Stopwatch.GetTimestamp();
            await using (var apply = new NpgsqlCommand(migration.Sql, connection, transaction))
            {
                await apply.ExecuteNonQueryAsync(ct);
            }

            await using (var record = new NpgsqlCommand(PostgresSql.InsertSchemaVersion, connection, transaction))
            {
                record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
                record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Description });
                await record.ExecuteNonQueryAsync(ct);
            }

            Log.MigrationApplied(Logger, level, Location, migration.Version, migration.Description, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        await transaction.CommitAsync(ct);
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
            // Pooled sessions keep their stage tables (Create); some are LIKE a table a migration may just have changed.
            _dataSource.Clear();
        }
    }

    protected override async Task OnSchemaVerifiedAsync(CancellationToken ct)
    {
        _partitions.Clear();
        await using (var command = _dataSource.CreateCommand(PostgresSql.ListPartitions))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var name = reader.GetString(0);
                if (name.StartsWith("fact_events_p", StringComparison.Ordinal) &&
                    DateOnly.TryParseExact(name["fact_events_p".Length..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    _partitions.Add(day);
                }
            }
        }

        await EnsurePartitionsAsync([], ct);
    }

    internal override Task BeforeFactsAsync(IReadOnlyCollection<DateOnly> days, CancellationToken ct) => EnsurePartitionsAsync(days, ct);

    /// <summary>Creates the partitions for <paramref name="days"/> and for today … today + PartitionsAheadDays that are missing.</summary>
    internal async Task EnsurePartitionsAsync(IEnumerable<DateOnly> days, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(Options.TimeProvider.GetUtcNow().UtcDateTime);
        var missing = new SortedSet<DateOnly>();
        for (var i = 0; i <= Options.PartitionsAheadDays; i++)
        {
            if (!_partitions.Contains(today.AddDays(i)))
            {
                missing.Add(today.AddDays(i));
            }
        }

        foreach (var day in days)
        {
            if (!_partitions.Contains(day))
            {
                missing.Add(day);
            }
        }

        if (missing.Count == 0)
        {
            return;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var @lock = new NpgsqlCommand(PostgresSql.PartitionLock, connection, transaction))
        {
            await @lock.ExecuteNonQueryAsync(ct);
        }

        foreach (var day in missing)
        {
            await using var create = new NpgsqlCommand(PostgresSql.CreatePartition(day), connection, transaction);
            await create.ExecuteNonQueryAsync(ct);
            Log.PartitionCreated(Logger, PostgresSql.PartitionName(day));
        }

        await transaction.CommitAsync(ct);
        _partitions.UnionWith(missing);
    }

    protected override async Task<IReadOnlyDictionary<int, long>> ReadCheckpointsCoreAsync(string consumerGroup, string topic, CancellationToken ct)
    {
        await using var command = _dataSource.CreateCommand(PostgresSql.ReadCheckpoints);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = consumerGroup });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = topic });
        var result = new Dictionary<int, long>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result[reader.GetInt32(0)] = reader.GetInt64(1);
        }

        return result;
    }

    protected override async Task<BatchTransaction> BeginAsync(CancellationToken ct)
    {
        var connection = await _dataSource.OpenConnectionAsync(ct);
        try
        {
            var transaction = await connection.BeginTransactionAsync(ct);
            return new PostgresBatchTransaction(this, connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    protected override bool CanTrailDerivedWrites => true;

    internal override int? DerivedOwner => _ownerSession is null ? null : _owner;

    /// <summary>
    /// A random owner number, locked at session level on a connection kept out of the pool until the warehouse closes
    /// (a pooled session keeps its state here: No Reset On Close). Each batch first checks that session with one round
    /// trip: should it have ended — the server restarted, the connection broke, an administrator ended it — other
    /// processes may recover this one's pending batches (correct, at the cost of a rebuild), and the batch locks the
    /// same number again on a new session, or a new one while the old session still lingers on the server (its batches
    /// are then recovered once that session goes).
    /// </summary>
    protected override async Task ClaimDerivedOwnerAsync(CancellationToken ct)
    {
        if (_ownerSession is { State: ConnectionState.Open } held)
        {
            try
            {
                await using var ping = new NpgsqlCommand(PostgresSql.Ping, held);
                await ping.ExecuteScalarAsync(ct);
                return;
            }
            catch (NpgsqlException) when (!ct.IsCancellationRequested)
            {
                // Ended: a new session and number below.
            }
        }

        if (_ownerSession is not null)
        {
            await _ownerSession.DisposeAsync();
            _ownerSession = null;
        }

        var session = await _dataSource.OpenConnectionAsync(ct);
        try
        {
            for (var owner = _owner > 0 ? _owner : RandomNumberGenerator.GetInt32(1, int.MaxValue); ; owner = RandomNumberGenerator.GetInt32(1, int.MaxValue))
            {
                await using var command = new NpgsqlCommand(PostgresSql.TryDerivedOwnerLock, session) { Parameters = { new() { Value = owner } } };
                if (await command.ExecuteScalarAsync(ct) is true)
                {
                    (_owner, _ownerSession) = (owner, session);
                    Log.DerivedOwnerTaken(Logger, owner, session.ProcessID);
                    return;
                }
            }
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await DrainTrailsAsync();
        if (_ownerSession is not null)
        {
            // Released before the session goes back to the pool (which keeps session state): batches left pending by a
            // failed trailing transaction are then any process's to recover.
            try
            {
                await using var unlock = new NpgsqlCommand(PostgresSql.DerivedOwnerUnlock, _ownerSession) { Parameters = { new() { Value = _owner } } };
                await unlock.ExecuteScalarAsync();
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                // The session is gone, and its lock with it.
            }

            await _ownerSession.DisposeAsync();
        }

        await _dataSource.DisposeAsync();
        await base.DisposeAsync();
    }
}
