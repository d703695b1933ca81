using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Facet.Cli.Commands;

/// <summary>
/// What a batch command or a run cost its process, logged at Debug when it ends (issue 22: CPU per event is the target, and
/// allocation and GC are a large share of it, so a run can be judged without a profiler).
/// </summary>
internal static partial class ProcessCostLog
{
    /// <param name="count">What the command read: file lines, or a run's messages (<paramref name="unit"/>).</param>
    public static void Report(ILogger logger, string command, long count, string unit = "line")
    {
        if (!logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        using var process = Process.GetCurrentProcess();
        var perUnit = Math.Max(1, count);
        var allocated = GC.GetTotalAllocatedBytes(precise: false);
        var cpu = process.TotalProcessorTime.TotalSeconds;
        ProcessCost(
            logger, command, count, unit, cpu, cpu * 1e6 / perUnit, allocated / 1048576.0, allocated / (double)perUnit,
            GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration().TotalMilliseconds,
            process.PeakWorkingSet64 / 1048576.0);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Command}: {Count} {Unit}s, {CpuSeconds:0.00} CPU-s ({CpuMicrosPerUnit:0.0} µs per {Unit}), " +
        "{AllocatedMiB:0} MiB allocated ({AllocatedBytesPerUnit:0} B per {Unit}), GC collections gen0 {Gen0} gen1 {Gen1} gen2 {Gen2}, " +
        "{GcPauseMs:0} ms paused in GC, peak working set {PeakMiB:0} MiB")]
    private static partial void ProcessCost(
        ILogger logger, string command, long count, string unit, double cpuSeconds, double cpuMicrosPerUnit, double allocatedMiB, double allocatedBytesPerUnit,
        int gen0, int gen1, int gen2, double gcPauseMs, double peakMiB);
}
