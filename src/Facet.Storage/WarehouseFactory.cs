using Facet.Storage.DuckDb;
using Facet.Storage.Internal;
using Facet.Storage.Postgres;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Facet.Storage;

/// <summary>Opens a warehouse. Opening never migrates; it refuses a schema newer than this build, and an older schema is refused on first use.</summary>
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
            return warehouse;
        }
        catch
        {
            await warehouse.DisposeAsync();
            throw;
        }
    }
}
