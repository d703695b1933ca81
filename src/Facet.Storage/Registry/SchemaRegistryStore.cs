using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Facet.Storage.Reports;

namespace Facet.Storage.Registry;

/// <summary>
/// The schema registry's durable state in the warehouse (tables of migration V004, docs/schema.md): schemas by global
/// id, subjects' versions, compatibility levels. Registrations are serialized — in the process by a gate, across
/// PostgreSQL processes by a table lock — so ids and versions are allocated without gaps or races. Thread-safe.
/// </summary>
public sealed class SchemaRegistryStore : IAsyncDisposable
{
    /// <summary>The warehouse schema version that holds the registry's tables.</summary>
    public const int RequiredSchemaVersion = 4;

    /// <summary>The subject under which the global compatibility level is stored.</summary>
    private const string GlobalSubject = "";

    private readonly ReportDatabase _database;
    private readonly WarehouseLocation _location;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    private SchemaRegistryStore(ReportDatabase database, WarehouseLocation location)
    {
        _database = database;
        _location = location;
    }

    /// <summary>
    /// The registry over the warehouse at <paramref name="location"/> (no I/O yet; call <see cref="CheckAsync"/>). A
    /// DuckDB file is opened for writing: in a process that also loads it, the connections share one instance.
    /// </summary>
    public static SchemaRegistryStore Open(WarehouseLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        ReportDatabase database = location.Kind == WarehouseKind.Postgres
            ? new PostgresReportDatabase(Npgsql.NpgsqlDataSource.Create(location.PostgresConnectionString!), ownsDataSource: true)
            : new DuckDbReportDatabase(Path.GetFullPath(location.DuckDbPath!), readOnly: false);
        return new SchemaRegistryStore(database, location);
    }

    /// <summary>The schema-type-qualified fingerprint that makes one schema text one id.</summary>
    public static string Fingerprint(string schemaType, string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(schemaType + "\n" + text)));

    /// <summary>Fails with one line naming the fix when the warehouse cannot be reached or predates the registry's tables.</summary>
    public async Task CheckAsync(CancellationToken ct)
    {
        int version;
        try
        {
            await using var connection = await _database.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT coalesce(max(version), 0) FROM schema_version";
            version = Convert.ToInt32(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }
        catch (DbException ex)
        {
            throw new WarehouseSchemaException($"the warehouse {_location} has no Facet schema ({ex.Message.Split('\n')[0].Trim()}): run facet db migrate --warehouse {_location}");
        }
        catch (ReportWarehouseException ex)
        {
            // A missing DuckDB file, or one locked by another writing process.
            throw new WarehouseSchemaException($"{ex.Message} (for the schema registry: run facet db migrate --warehouse {_location} first; it needs schema version {RequiredSchemaVersion})");
        }

        if (version < RequiredSchemaVersion)
        {
            throw new WarehouseSchemaException($"the warehouse {_location} has schema version {version} but the schema registry needs {RequiredSchemaVersion}: run facet db migrate --warehouse {_location}");
        }
    }

    public async Task<IReadOnlyList<string>> SubjectsAsync(bool includeDeleted, CancellationToken ct) =>
        await QueryAsync("subjects", c => Bind(c, "include_deleted", includeDeleted), r => r.GetString(0), ct);

    public async Task<IReadOnlyList<int>> VersionsAsync(string subject, bool includeDeleted, CancellationToken ct) =>
        await QueryAsync("versions", c =>
        {
            Bind(c, "subject", subject);
            Bind(c, "include_deleted", includeDeleted);
        }, r => r.GetInt32(0), ct);

    /// <summary>One version of a subject (deleted ones included: the caller decides), or null.</summary>
    public async Task<StoredSubjectVersion?> VersionAsync(string subject, int version, CancellationToken ct) =>
        (await QueryAsync("version", c =>
        {
            Bind(c, "subject", subject);
            Bind(c, "version", version);
        }, r => ReadVersion(subject, r), ct)).FirstOrDefault();

    /// <summary>The newest live version of a subject, or null.</summary>
    public async Task<StoredSubjectVersion?> LatestAsync(string subject, CancellationToken ct) =>
        (await QueryAsync("latest", c => Bind(c, "subject", subject), r => ReadVersion(subject, r), ct)).FirstOrDefault();

    /// <summary>The live version of <paramref name="subject"/> that holds this schema text, or null.</summary>
    public async Task<StoredSubjectVersion?> FindAsync(string subject, string schemaType, string text, CancellationToken ct) =>
        (await QueryAsync("find_in_subject", c =>
        {
            Bind(c, "subject", subject);
            Bind(c, "fingerprint", Fingerprint(schemaType, text));
        }, r => ReadVersion(subject, r), ct)).FirstOrDefault();

    public async Task<StoredSchema?> SchemaAsync(int id, CancellationToken ct) =>
        (await QueryAsync("schema_by_id", c => Bind(c, "schema_id", id), r => new StoredSchema(id, r.GetString(0), r.GetString(1)), ct)).FirstOrDefault();

    /// <summary>The live (subject, version) pairs that use schema <paramref name="id"/>.</summary>
    public async Task<IReadOnlyList<(string Subject, int Version)>> UsesAsync(int id, CancellationToken ct) =>
        await QueryAsync("subjects_of_schema", c => Bind(c, "schema_id", id), r => (r.GetString(0), r.GetInt32(1)), ct);

    /// <summary>
    /// Registers <paramref name="text"/> under <paramref name="subject"/>: the existing live version when the subject
    /// already holds it; otherwise <paramref name="admit"/> sees the subject's live versions (oldest first) and throws
    /// to refuse, else a new version is written with the schema's global id (a new id only for a text never seen).
    /// </summary>
    public async Task<StoredSubjectVersion> RegisterAsync(
        string subject, string schemaType, string text, Action<IReadOnlyList<StoredSubjectVersion>> admit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(admit);
        var fingerprint = Fingerprint(schemaType, text);
        await _writeGate.WaitAsync(ct);
        try
        {
            await using var connection = await _database.OpenAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await ExecuteAsync(connection, transaction, "lock", _ => { }, ct);
            var existing = await QueryAsync(connection, transaction, "find_in_subject", c =>
            {
                Bind(c, "subject", subject);
                Bind(c, "fingerprint", fingerprint);
            }, r => ReadVersion(subject, r), ct);
            if (existing.Count > 0)
            {
                return existing[0];
            }

            admit(await QueryAsync(connection, transaction, "live_schemas", c => Bind(c, "subject", subject), r => ReadVersion(subject, r), ct));
            var id = (await QueryAsync(connection, transaction, "schema_by_fingerprint", c => Bind(c, "fingerprint", fingerprint), r => r.GetInt32(0), ct))
                .Cast<int?>().FirstOrDefault();
            if (id is null)
            {
                id = (await QueryAsync(connection, transaction, "next_schema_id", _ => { }, r => Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture), ct))[0];
                await ExecuteAsync(connection, transaction, "insert_schema", c =>
                {
                    Bind(c, "schema_id", id.Value);
                    Bind(c, "schema_type", schemaType);
                    Bind(c, "schema_text", text);
                    Bind(c, "fingerprint", fingerprint);
                }, ct);
            }

            var version = (await QueryAsync(connection, transaction, "next_version", c => Bind(c, "subject", subject), r => Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture), ct))[0];
            await ExecuteAsync(connection, transaction, "insert_version", c =>
            {
                Bind(c, "subject", subject);
                Bind(c, "version", version);
                Bind(c, "schema_id", id.Value);
            }, ct);
            await transaction.CommitAsync(ct);
            return new StoredSubjectVersion(subject, version, id.Value, schemaType, text, false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Soft-deletes every live version of a subject; returns how many it deleted.</summary>
    public Task<int> SoftDeleteSubjectAsync(string subject, CancellationToken ct) =>
        WriteAsync("soft_delete_subject", c => Bind(c, "subject", subject), ct);

    /// <summary>Soft-deletes one live version; returns 0 when it was not live.</summary>
    public Task<int> SoftDeleteVersionAsync(string subject, int version, CancellationToken ct) =>
        WriteAsync("soft_delete_version", c =>
        {
            Bind(c, "subject", subject);
            Bind(c, "version", version);
        }, ct);

    /// <summary>Removes the subject's soft-deleted versions for good (schema ids stay: they are never reused).</summary>
    public Task<int> HardDeleteSubjectAsync(string subject, CancellationToken ct) =>
        WriteAsync("hard_delete_subject", c => Bind(c, "subject", subject), ct);

    public Task<int> HardDeleteVersionAsync(string subject, int version, CancellationToken ct) =>
        WriteAsync("hard_delete_version", c =>
        {
            Bind(c, "subject", subject);
            Bind(c, "version", version);
        }, ct);

    /// <summary>The compatibility level set for <paramref name="subject"/> (null = the global level), or null when none is set.</summary>
    public async Task<string?> CompatibilityAsync(string? subject, CancellationToken ct) =>
        (await QueryAsync("config_get", c => Bind(c, "subject", subject ?? GlobalSubject), r => r.GetString(0), ct)).FirstOrDefault();

    public Task SetCompatibilityAsync(string? subject, string level, CancellationToken ct) =>
        WriteAsync("config_set", c =>
        {
            Bind(c, "subject", subject ?? GlobalSubject);
            Bind(c, "compatibility", level);
        }, ct);

    public Task<int> DeleteCompatibilityAsync(string? subject, CancellationToken ct) =>
        WriteAsync("config_delete", c => Bind(c, "subject", subject ?? GlobalSubject), ct);

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        _writeGate.Dispose();
    }

    private static StoredSubjectVersion ReadVersion(string subject, DbDataReader r) =>
        new(subject, r.GetInt32(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.GetBoolean(4));

    private async Task<int> WriteAsync(string name, Action<DbCommand> bind, CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct);
        try
        {
            await using var connection = await _database.OpenAsync(ct);
            return await ExecuteAsync(connection, null, name, bind, ct);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task<List<T>> QueryAsync<T>(string name, Action<DbCommand> bind, Func<DbDataReader, T> map, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        return await QueryAsync(connection, null, name, bind, map, ct);
    }

    private async Task<List<T>> QueryAsync<T>(
        DbConnection connection, DbTransaction? transaction, string name, Action<DbCommand> bind, Func<DbDataReader, T> map, CancellationToken ct)
    {
        await using var command = Command(connection, transaction, name, bind);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    private async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string name, Action<DbCommand> bind, CancellationToken ct)
    {
        await using var command = Command(connection, transaction, name, bind);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private DbCommand Command(DbConnection connection, DbTransaction? transaction, string name, Action<DbCommand> bind)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = RegistrySqlText.Get(_database.Dialect, name);
        bind(command);
        return command;
    }

    private void Bind(DbCommand command, string name, object value) => command.Parameters.Add(_database.CreateParameter(name, value));
}
