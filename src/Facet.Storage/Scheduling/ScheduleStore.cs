using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using DuckDB.NET.Data;
using Facet.Storage.Internal;
using Npgsql;

namespace Facet.Storage.Scheduling;

/// <summary>
/// The scheduler's history and leases in the warehouse (tables of the "scheduler" migration; docs/schema.md). Every
/// call opens its own connection and closes it again: on DuckDB this is what lets a task's child <c>facet</c> process
/// open the same file while the scheduler waits for it (DuckDB locks a file to one process at a time).
/// </summary>
public sealed class ScheduleStore : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<(string Dialect, string Name), string> SqlCache = new();

    private readonly WarehouseLocation _location;
    private readonly NpgsqlDataSource? _dataSource;
    private readonly string? _duckDbConnectionString;

    private ScheduleStore(WarehouseLocation location, NpgsqlDataSource? dataSource, string? duckDbConnectionString)
    {
        _location = location;
        _dataSource = dataSource;
        _duckDbConnectionString = duckDbConnectionString;
    }

    private string Dialect => _dataSource is null ? "DuckDb" : "Postgres";

    /// <summary>Opens the store and checks that the warehouse has the scheduler tables.</summary>
    public static async Task<ScheduleStore> OpenAsync(WarehouseLocation location, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(location);
        var store = location.Kind == WarehouseKind.Postgres
            ? new ScheduleStore(location, NpgsqlDataSource.Create(location.PostgresConnectionString!), null)
            : new ScheduleStore(location, null, new DuckDBConnectionStringBuilder { DataSource = Path.GetFullPath(location.DuckDbPath!) }.ConnectionString);
        try
        {
            await store.CheckSchemaAsync(ct);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Takes or renews the lease on a DAG until <paramref name="expiresAt"/>: when it is free, ours, expired at
    /// <paramref name="now"/>, or held by a scheduler that <paramref name="holderIsGone"/> says is dead. Returns the
    /// holder afterwards: its owner is <paramref name="owner"/> when the lease is ours.
    /// </summary>
    public async Task<LeaseHolder> AcquireLeaseAsync(string dagId, string owner, DateTime now, DateTime expiresAt, Func<LeaseHolder, bool> holderIsGone, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(holderIsGone);
        await using var connection = await OpenConnectionAsync(ct);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await ExecuteAsync(connection, null, "lease.insert", ct, ("dag_id", dagId), ("owner", owner), ("now", now), ("expires_at", expiresAt)) == 1)
            {
                return new LeaseHolder(owner, expiresAt);
            }

            var current = await ReadLeaseAsync(connection, dagId, ct);
            if (current is null)
            {
                continue; // released between our insert and read: try the insert again
            }

            if (current.Owner != owner && current.ExpiresAt > now && !holderIsGone(current))
            {
                return current;
            }

            var taken = await ExecuteAsync(connection, null, "lease.take", ct,
                ("dag_id", dagId), ("owner", owner), ("now", now), ("expires_at", expiresAt),
                ("expected_owner", current.Owner), ("expected_expires_at", current.ExpiresAt));
            if (taken == 1)
            {
                return new LeaseHolder(owner, expiresAt);
            }
        }

        return await ReadLeaseAsync(connection, dagId, ct) ?? new LeaseHolder("", now);
    }

    public async Task<LeaseHolder?> GetLeaseAsync(string dagId, CancellationToken ct)
    {
        await using var connection = await OpenConnectionAsync(ct);
        return await ReadLeaseAsync(connection, dagId, ct);
    }

    public async Task ReleaseLeaseAsync(string dagId, string owner, CancellationToken ct)
    {
        await using var connection = await OpenConnectionAsync(ct);
        await ExecuteAsync(connection, null, "lease.release", ct, ("dag_id", dagId), ("owner", owner));
    }

    /// <summary>Inserts queued runs; a run whose (DAG, logical date) exists is left as it is. Returns how many were new.</summary>
    public async Task<int> CreateRunsAsync(IReadOnlyList<ScheduledRun> runs, DateTime now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(runs);
        await using var connection = await OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var created = 0;
        foreach (var run in runs)
        {
            created += await ExecuteAsync(connection, transaction, "run.insert", ct,
                ("dag_id", run.DagId), ("logical_date", run.LogicalDate), ("data_interval_start", run.DataIntervalStart),
                ("data_interval_end", run.DataIntervalEnd), ("run_type", run.RunType), ("now", now));
        }

        await transaction.CommitAsync(ct);
        return created;
    }

    public async Task<ScheduledRun?> GetRunAsync(string dagId, DateTime logicalDate, CancellationToken ct)
    {
        var runs = await QueryRunsAsync("run.get", ct, ("dag_id", dagId), ("logical_date", logicalDate));
        return runs.Count == 0 ? null : runs[0];
    }

    /// <summary>The newest runs of a DAG first.</summary>
    public Task<IReadOnlyList<ScheduledRun>> ListRunsAsync(string dagId, int limit, CancellationToken ct) =>
        QueryRunsAsync("run.list", ct, ("dag_id", dagId), ("limit", limit));

    /// <summary>Queued and running runs of a DAG, oldest logical date first.</summary>
    public Task<IReadOnlyList<ScheduledRun>> ActiveRunsAsync(string dagId, CancellationToken ct) =>
        QueryRunsAsync("run.active", ct, ("dag_id", dagId));

    /// <summary>The end of the newest scheduled data interval, where the timetable continues; null before the first.</summary>
    public async Task<DateTime?> LatestScheduledEndAsync(string dagId, CancellationToken ct)
    {
        await using var connection = await OpenConnectionAsync(ct);
        await using var command = CreateCommand(connection, null, "run.latest_scheduled", ("dag_id", dagId));
        var value = await command.ExecuteScalarAsync(ct);
        return value is DateTime time ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : null;
    }

    public async Task<IReadOnlyList<TaskInstanceRecord>> TaskInstancesAsync(string dagId, DateTime logicalDate, CancellationToken ct)
    {
        await using var connection = await OpenConnectionAsync(ct);
        await using var command = CreateCommand(connection, null, "task.list", ("dag_id", dagId), ("logical_date", logicalDate));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var tasks = new List<TaskInstanceRecord>();
        while (await reader.ReadAsync(ct))
        {
            tasks.Add(new TaskInstanceRecord(
                reader.GetString(0), Utc(reader.GetDateTime(1)), reader.GetString(2), reader.GetString(3),
                reader.GetInt32(4), reader.GetInt32(5), UtcOrNull(reader, 6), UtcOrNull(reader, 7),
                reader.IsDBNull(8) ? null : reader.GetInt64(8), reader.IsDBNull(9) ? null : reader.GetInt32(9),
                UtcOrNull(reader, 10), reader.IsDBNull(11) ? null : reader.GetString(11)));
        }

        return tasks;
    }

    /// <summary>
    /// Writes task states and a run's state in one transaction whose first write checks (and extends to
    /// <paramref name="leaseUntil"/>) the lease of <paramref name="owner"/>: if the lease is no longer ours nothing is
    /// written and <see cref="LeaseLostException"/> is thrown, so two schedulers can never both advance one DAG.
    /// </summary>
    public async Task CommitAsync(string dagId, string owner, DateTime leaseUntil, IReadOnlyList<TaskInstanceRecord> tasks, ScheduledRun? run, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        await using var connection = await OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await ExecuteAsync(connection, transaction, "lease.guard", ct, ("dag_id", dagId), ("owner", owner), ("expires_at", leaseUntil)) != 1)
        {
            await transaction.RollbackAsync(ct);
            throw new LeaseLostException(dagId, owner);
        }

        foreach (var task in tasks)
        {
            await ExecuteAsync(connection, transaction, "task.upsert", ct,
                ("dag_id", task.DagId), ("logical_date", task.LogicalDate), ("task_id", task.TaskId), ("state", task.State),
                ("try_number", task.TryNumber), ("max_tries", task.MaxTries), ("start_date", task.StartDate), ("end_date", task.EndDate),
                ("duration_ms", task.DurationMs), ("exit_code", task.ExitCode), ("next_try_at", task.NextTryAt), ("log_tail", task.LogTail));
        }

        if (run is not null)
        {
            await ExecuteAsync(connection, transaction, "run.update", ct,
                ("dag_id", run.DagId), ("logical_date", run.LogicalDate), ("state", run.State), ("start_date", run.StartDate), ("end_date", run.EndDate));
        }

        await transaction.CommitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }

    private async Task CheckSchemaAsync(CancellationToken ct)
    {
        var required = Migration.For(Dialect).First(static m => m.Description == "scheduler").Version;
        int found;
        await using (var connection = await OpenConnectionAsync(ct))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT coalesce(max(version), 0) FROM schema_version";
            try
            {
                found = Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (DbException)
            {
                found = 0; // no schema_version table: never migrated
            }
        }

        if (found < required)
        {
            throw new WarehouseSchemaException(Migration.OlderSchemaMessage(_location, found, WarehouseFactory.SchemaVersion));
        }
    }

    private async Task<IReadOnlyList<ScheduledRun>> QueryRunsAsync(string name, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenConnectionAsync(ct);
        await using var command = CreateCommand(connection, null, name, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var runs = new List<ScheduledRun>();
        while (await reader.ReadAsync(ct))
        {
            runs.Add(new ScheduledRun(
                reader.GetString(0), Utc(reader.GetDateTime(1)), Utc(reader.GetDateTime(2)), Utc(reader.GetDateTime(3)),
                reader.GetString(4), reader.GetString(5), Utc(reader.GetDateTime(6)), UtcOrNull(reader, 7), UtcOrNull(reader, 8)));
        }

        return runs;
    }

    private async Task<LeaseHolder?> ReadLeaseAsync(DbConnection connection, string dagId, CancellationToken ct)
    {
        await using var command = CreateCommand(connection, null, "lease.get", ("dag_id", dagId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new LeaseHolder(reader.GetString(0), Utc(reader.GetDateTime(1))) : null;
    }

    private async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string name, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = CreateCommand(connection, transaction, name, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction, string name, params (string Name, object? Value)[] parameters)
    {
        var dialect = Dialect;
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Sql(dialect, name);
        foreach (var (parameterName, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = parameterName;
            parameter.Value = value switch
            {
                null => DBNull.Value,
                // Npgsql writes timestamptz from UTC DateTimes only; DuckDB's TIMESTAMP columns hold UTC without a
                // kind, and an unspecified kind keeps DuckDB.NET from converting through the session's time zone.
                DateTime time => DateTime.SpecifyKind(time, dialect == "Postgres" ? DateTimeKind.Utc : DateTimeKind.Unspecified),
                _ => value,
            };
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private async Task<DbConnection> OpenConnectionAsync(CancellationToken ct)
    {
        if (_dataSource is not null)
        {
            return await _dataSource.OpenConnectionAsync(ct);
        }

        var connection = new DuckDBConnection(_duckDbConnectionString!);
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch (DuckDBException ex) when (ex.Message.Contains("lock", StringComparison.OrdinalIgnoreCase))
        {
            await connection.DisposeAsync();
            throw new IOException($"the DuckDB warehouse {_location} is open in another process (a task, or another facet command); try again when it is done", ex);
        }
    }

    private static string Sql(string dialect, string name) => SqlCache.GetOrAdd((dialect, name), static key =>
    {
        var resource = $"Facet.Storage.Sql.Scheduling.{key.Dialect}.{key.Name}.sql";
        using var stream = typeof(ScheduleStore).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded SQL '{resource}' is missing from Facet.Storage.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    });

    private static DateTime Utc(DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Utc);

    private static DateTime? UtcOrNull(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Utc(reader.GetDateTime(ordinal));
}
