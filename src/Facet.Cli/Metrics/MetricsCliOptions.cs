using System.CommandLine;

namespace Facet.Cli.Metrics;

/// <summary>
/// <c>--metrics-port N</c> of the long-running commands (run, mirror, schedule run, dashboard, demo): a Prometheus
/// scrape endpoint on 127.0.0.1:N/metrics, off unless given. OTLP export needs no flag: it follows
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (see <see cref="MetricsExport"/>).
/// </summary>
internal sealed class MetricsCliOptions
{
    public Option<int?> Port { get; } = CreatePort();

    public void AddTo(Command command) => command.Options.Add(Port);

    private static Option<int?> CreatePort()
    {
        var port = new Option<int?>("--metrics-port")
        {
            Description = "Serve Prometheus metrics on http://127.0.0.1:PORT/metrics (off by default). OTLP export follows OTEL_EXPORTER_OTLP_ENDPOINT.",
            HelpName = "PORT",
        };
        port.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } value and (< 1 or > 65535))
            {
                r.AddError($"--metrics-port must be between 1 and 65535 (got {value}).");
            }
        });
        return port;
    }
}
