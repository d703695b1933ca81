using Microsoft.Extensions.Logging;

namespace Facet.Cli.Metrics;

internal static partial class MetricsLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Prometheus metrics at {Url}")]
    public static partial void Serving(ILogger logger, string url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Exporting metrics over OTLP to {Endpoint}")]
    public static partial void ExportingOtlp(ILogger logger, string endpoint);
}
