using DuckDB.NET.Data;
using Facet.Storage.DuckDb;
using Facet.Storage.Internal;
using Facet.Storage.Postgres;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Facet.Storage;

/// <summary>
/// Opens a warehouse. It refuses a schema newer than this build; an older one is refused on first use ("run facet db
/// migrate"). The one exception (issue 23): a new embedded warehouse — a DuckDB file that does not exist yet or holds no
/// table — is created and migrated by whichever command opens it first, so a first try just works. An existing DuckDB
/// file with an older schema, and PostgreSQL always, are migrated only by <c>facet db migrate</c>: upgrading data someone
/// already has, or a shared server, stays an explicit step.
/// </summary>
public static class WarehouseFactory
{
    /// <summary>The schema version this build writes (both dialects number their migrations alike).</summary>
    public static int SchemaVersion { get; } = Migration.For("Postgres").Count;

    public static async Task<IWarehouse> OpenAsync(WarehouseLocation location, WarehouseOptions options, ILoggerFactory? loggerFactory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        loggerFactory ??= NullLoggerFactory.Instance;
        WarehouseBase warehouse = location.Kind switch
        {
            WarehouseKind.Postgres => PostgresWarehouse.Create(location, options, loggerFactory),
            _ => await DuckDbWarehouse.OpenAsync(location, options, loggerFactory, ct),
        };
        try
        {
            await warehouse.CheckNotNewerAsync(ct);
            if (warehouse is DuckDbWarehouse duckDb && duckDb.IsEmpty())
            {
                await warehouse.MigrateAsync(ct);
            }

            return warehouse;
        }
        catch
        {
            await warehouse.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// For commands that only read (report, dashboard): creates and migrates the warehouse at <paramref name="location"/>
    /// when it is a new embedded one (see the class summary), and does nothing otherwise — above all, it never opens an
    /// existing DuckDB file for writing, which another process may hold. Returns whether it created the schema.
    /// </summary>
    public static async Task<bool> CreateIfNewAsync(WarehouseLocation location, ILoggerFactory? loggerFactory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.Kind != WarehouseKind.DuckDb)
        {
            return false;
        }

        var path = Path.GetFullPath(location.DuckDbPath!);
        if (!Directory.Exists(Path.GetDirectoryName(path)) || !await IsNewDuckDbFileAsync(path, ct))
        {
            // A missing folder is most likely a typo: the reader reports the missing warehouse instead of guessing.
            return false;
        }

        await using var warehouse = await OpenAsync(location, new WarehouseOptions(), loggerFactory, ct);
        return true;
    }

    private static async Task<bool> IsNewDuckDbFileAsync(string path, CancellationToken ct)
    {
        var file = new FileInfo(path);
        if (!file.Exists || file.Length == 0)
        {
            return true;
        }

        var builder = new DuckDBConnectionStringBuilder { DataSource = path };
        builder["ACCESS_MODE"] = "READ_ONLY";
        try
        {
            await using var connection = new DuckDBConnection(builder.ConnectionString);
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = DuckDbSql.CountTables;
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 0;
        }
        catch (DuckDBException)
        {
            // Locked by a writer, or not a DuckDB file: not new; the reader opens it and reports what it finds.
            return false;
        }
    }
}
