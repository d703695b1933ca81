using Facet.Storage.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Facet.SchemaRegistry;

/// <summary>
/// The embedded registry, started and listening: what the CLI, the demo and tests host in-process. Port 0 picks a
/// free port; <see cref="Url"/> is the bound address. Disposing stops it; the store stays the caller's.
/// </summary>
public sealed class SchemaRegistryServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SchemaRegistryServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The bound address, e.g. http://127.0.0.1:8081/.</summary>
    public Uri Url { get; }

    /// <summary>Starts listening; throws <see cref="IOException"/> when the address is taken.</summary>
    public static async Task<SchemaRegistryServer> StartAsync(
        SchemaRegistryOptions options, SchemaRegistryStore store, Action<ILoggingBuilder>? logging, CancellationToken ct)
    {
        var app = SchemaRegistryApp.Build(options, store, logging);
        try
        {
            await app.StartAsync(ct);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            return new SchemaRegistryServer(app, new Uri(address.EndsWith('/') ? address : address + "/"));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
