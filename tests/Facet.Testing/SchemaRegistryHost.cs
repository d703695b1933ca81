using Facet.SchemaRegistry;
using Facet.Storage;
using Facet.Storage.Registry;

namespace Facet.Testing;

/// <summary>
/// Facet's schema registry on 127.0.0.1, a free port, over a migrated warehouse (a DuckDB file or a PostgreSQL
/// database): what the registry and Avro tests talk to over HTTP. Dispose stops it; the warehouse stays.
/// </summary>
public sealed class SchemaRegistryHost : IAsyncDisposable
{
    private readonly SchemaRegistryStore _store;
    private readonly SchemaRegistryServer _server;
    private bool _disposed;

    private SchemaRegistryHost(WarehouseLocation location, SchemaRegistryStore store, SchemaRegistryServer server)
    {
        Location = location;
        _store = store;
        _server = server;
    }

    public WarehouseLocation Location { get; }

    /// <summary>The registry's base URL, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Url => _server.Url;

    /// <summary>The URL as Confluent's clients take it (no trailing slash).</summary>
    public string ClientUrl => Url.ToString().TrimEnd('/');

    /// <param name="port">0 picks a free port; a given one lets a test restart the registry where its clients look for it.</param>
    public static async Task<SchemaRegistryHost> StartAsync(WarehouseLocation location, string? authToken = null, int port = 0)
    {
        ArgumentNullException.ThrowIfNull(location);
        await using (var warehouse = await WarehouseFactory.OpenAsync(location, new WarehouseOptions(), null, CancellationToken.None))
        {
            await warehouse.MigrateAsync(CancellationToken.None);
        }

        var store = SchemaRegistryStore.Open(location);
        try
        {
            await store.CheckAsync(CancellationToken.None);
            var server = await SchemaRegistryServer.StartAsync(new SchemaRegistryOptions { Port = port, AuthToken = authToken }, store, null, CancellationToken.None);
            return new SchemaRegistryHost(location, store, server);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops this registry and starts a new one on the same warehouse (a new port): what survives is what was stored.</summary>
    public async Task<SchemaRegistryHost> RestartAsync()
    {
        await DisposeAsync();
        return await StartAsync(Location);
    }

    /// <summary>Stops this registry and starts a new one on the same warehouse and the same port (an outage its clients see end).</summary>
    public async Task<SchemaRegistryHost> RestartOnSamePortAsync()
    {
        var port = Url.Port;
        await DisposeAsync();
        return await StartAsync(Location, port: port);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _server.DisposeAsync();
        await _store.DisposeAsync();
    }
}
