using Microsoft.Extensions.Logging;

namespace Facet.Streaming.Loading;

internal static partial class LoadingLog
{
    [LoggerMessage(101, LogLevel.Debug, "{Source}: loaded through line {Line} ({Inserted} new facts) in {Milliseconds:0} ms")]
    public static partial void BatchLoaded(ILogger logger, string source, long line, int inserted, double milliseconds);

    [LoggerMessage(102, LogLevel.Warning, "Warehouse unavailable ({Reason}); retrying with backoff")]
    public static partial void WarehouseUnavailable(ILogger logger, string reason);

    [LoggerMessage(103, LogLevel.Information, "Warehouse available again after {Seconds:0.0} s")]
    public static partial void WarehouseRecovered(ILogger logger, double seconds);

    [LoggerMessage(104, LogLevel.Warning, "The sessions and funnel progress of the last batches were not written ({Reason}); nothing was lost: the next load or run, or facet db maintenance, writes them from the stored facts")]
    public static partial void DerivedRowsLeftPending(ILogger logger, string reason);
}
