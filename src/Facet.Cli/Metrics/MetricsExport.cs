using System.Net;
using Facet.Cli.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Facet.Cli.Metrics;

/// <summary>
/// Exports the process's meters (System.Diagnostics.Metrics) through one OpenTelemetry MeterProvider: a Prometheus
/// scrape endpoint on 127.0.0.1 when a port is given, and OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. One
/// provider for both means one aggregation and one naming for the two (docs/streaming.md, "Metrics"). The scrape
/// endpoint is a small Kestrel app, not the exporter's own HttpListener: .NET's managed HttpListener crashes the
/// process when a client connects while it starts (dotnet/corefx#35191), which a Prometheus polling a restarting
/// facet does. Disposing stops the endpoint, then flushes a last OTLP export.
/// </summary>
internal sealed class MetricsExport : IAsyncDisposable
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string OtlpProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";
    private const string ScrapePath = "/metrics";

    private readonly MeterProvider? _provider;
    private readonly WebApplication? _server;

    private MetricsExport(MeterProvider? provider, WebApplication? server)
    {
        _provider = provider;
        _server = server;
    }

    /// <summary>
    /// Starts the exporters that are asked for; with neither a port nor an OTLP endpoint nothing listens. When this
    /// returns, the port accepts scrapes.
    /// </summary>
    /// <exception cref="UsageException">The port cannot be bound (in use, or reserved).</exception>
    public static async Task<MetricsExport> StartAsync(string serviceName, int? prometheusPort, IReadOnlyList<string> meters, ILogger logger, CancellationToken ct)
    {
        var otlpEndpoint = Environment.GetEnvironmentVariable(OtlpEndpointVariable) is { Length: > 0 } endpoint ? endpoint : null;
        if (prometheusPort is null && otlpEndpoint is null)
        {
            return new MetricsExport(null, null);
        }

        var builder = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(serviceName))
            .AddMeter([.. meters]);
        if (prometheusPort is not null)
        {
            builder.AddPrometheusExporter(options => options.ScopeInfoEnabled = false);
        }

        if (otlpEndpoint is not null)
        {
            builder.AddOtlpExporter(options =>
            {
                // The SDK defaults to gRPC; the specification's default, and what port 4318 collectors expect, is
                // protobuf over HTTP. OTEL_EXPORTER_OTLP_PROTOCOL=grpc still selects gRPC.
                if (Environment.GetEnvironmentVariable(OtlpProtocolVariable) is not { Length: > 0 })
                {
                    options.Protocol = OtlpExportProtocol.HttpProtobuf;
                    options.Endpoint = MetricsPath(otlpEndpoint);
                }
            });
        }

        var provider = builder.Build();
        WebApplication? server = null;
        if (prometheusPort is { } port)
        {
            try
            {
                server = await ServeAsync(provider, port, ct);
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException)
            {
                // Kestrel says "Failed to bind to address http://127.0.0.1:N: address already in use." (an
                // IOException); a socket error it does not wrap (permission denied) comes as a SocketException.
                provider.Dispose();
                throw new UsageException($"--metrics-port {port}: cannot listen on 127.0.0.1:{port} ({ex.Message.TrimEnd('.')}); choose a free port");
            }
            catch
            {
                provider.Dispose();
                throw;
            }

            MetricsLog.Serving(logger, $"http://127.0.0.1:{port}{ScrapePath}");
        }

        if (otlpEndpoint is not null)
        {
            MetricsLog.ExportingOtlp(logger, otlpEndpoint);
        }

        return new MetricsExport(provider, server);
    }

    /// <summary>Kestrel on 127.0.0.1:<paramref name="port"/> serving the provider's Prometheus exporter at /metrics only.</summary>
    private static async Task<WebApplication> ServeAsync(MeterProvider provider, int port, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // Loopback only: the endpoint has no authentication; a scraper elsewhere reaches it through a proxy or an
        // agent on the host, which is the operator's decision, not a default.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        // The host's own start-up and request lines would drown the command's log; a taken port becomes one
        // UsageException line below (CliLogging says why the host's lifetime log is off).
        CliLogging.ConfigureWebHost(builder.Logging);
        var app = builder.Build();
        app.MapPrometheusScrapingEndpoint(ScrapePath, provider, configureBranchedPipeline: null, optionsName: null);
        try
        {
            await app.StartAsync(ct);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>The base endpoint plus the signal's path, as the specification prescribes for the generic variable.</summary>
    private static Uri MetricsPath(string endpoint)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            throw new UsageException($"{OtlpEndpointVariable} must be an absolute URL such as http://127.0.0.1:4318 (got '{endpoint}')");
        }

        return new Uri(uri, uri.AbsolutePath.TrimEnd('/') + "/v1/metrics");
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.StopAsync(CancellationToken.None);
            await _server.DisposeAsync();
        }

        _provider?.Dispose();
    }
}
