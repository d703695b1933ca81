using System.Net;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Facet.Cli.Metrics;

/// <summary>
/// Exports the process's meters (System.Diagnostics.Metrics) through one OpenTelemetry MeterProvider: a Prometheus
/// scrape endpoint on 127.0.0.1 when a port is given, and OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. One
/// provider for both means one aggregation and one naming for the two (docs/streaming.md, "Metrics"). Disposing it
/// flushes a last OTLP export and closes the port.
/// </summary>
internal sealed class MetricsExport : IDisposable
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string OtlpProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";

    private readonly MeterProvider? _provider;

    private MetricsExport(MeterProvider? provider) => _provider = provider;

    /// <summary>Starts the exporters that are asked for; with neither a port nor an OTLP endpoint nothing listens.</summary>
    /// <exception cref="UsageException">The port cannot be bound (in use, or reserved).</exception>
    public static MetricsExport Start(string serviceName, int? prometheusPort, IReadOnlyList<string> meters, ILogger logger)
    {
        var otlpEndpoint = Environment.GetEnvironmentVariable(OtlpEndpointVariable) is { Length: > 0 } endpoint ? endpoint : null;
        if (prometheusPort is null && otlpEndpoint is null)
        {
            return new MetricsExport(null);
        }

        var builder = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(serviceName))
            .AddMeter([.. meters]);
        if (prometheusPort is { } port)
        {
            builder.AddPrometheusHttpListener(options =>
            {
                // Loopback only: the endpoint has no authentication; a scraper elsewhere reaches it through a proxy or
                // an agent on the host, which is the operator's decision, not a default.
                options.Host = IPAddress.Loopback.ToString();
                options.Port = port;
                options.ScopeInfoEnabled = false;
            });
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

        MeterProvider provider;
        try
        {
            provider = builder.Build();
        }
        catch (Exception ex) when (prometheusPort is not null && IsListenerFailure(ex))
        {
            // The exporter wraps the listener's error ("could not be started"); the inner one says why (address in use).
            var reason = (ex.InnerException ?? ex).Message;
            throw new UsageException($"--metrics-port {prometheusPort}: cannot listen on 127.0.0.1:{prometheusPort} ({reason}); choose a free port");
        }

        if (prometheusPort is { } listening)
        {
            MetricsLog.Serving(logger, $"http://127.0.0.1:{listening}/metrics");
        }

        if (otlpEndpoint is not null)
        {
            MetricsLog.ExportingOtlp(logger, otlpEndpoint);
        }

        return new MetricsExport(provider);
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

    public void Dispose() => _provider?.Dispose();

    /// <summary>
    /// The Prometheus listener failed to start: an <see cref="HttpListenerException"/>, or the exporter's
    /// "PrometheusExporter HttpListener could not be started" around whatever the socket said (seen when the port was
    /// taken by another process's connection between a check and the bind).
    /// </summary>
    private static bool IsListenerFailure(Exception ex) =>
        ex is HttpListenerException || ex.InnerException is HttpListenerException or System.Net.Sockets.SocketException
        || (ex is InvalidOperationException && ex.Message.Contains("HttpListener", StringComparison.Ordinal));
}
