using Facet.Testing;

namespace Facet.Reliability.Tests.Fixtures;

/// <summary>Arguments and helpers for running <c>facet</c> commands as child processes in the fault tests.</summary>
public static class FacetRun
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary><c>facet run</c> with small batches and a short session timeout, so dead members free their partitions within seconds.</summary>
    public static string[] Arguments(string bootstrap, string topic, string group, string warehouse, int maxBatch = 2000, params string[] extra) =>
    [
        "run", "--kafka", bootstrap, "--topic", topic, "--group", group, "--warehouse", warehouse,
        "--trigger", "200ms", "--max-batch", maxBatch.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--kafka-config", "session.timeout.ms=6000", "--kafka-config", "heartbeat.interval.ms=500",
        .. extra,
    ];

    public static async Task MigrateAsync(string warehouse)
    {
        var (code, output, error) = await FacetProcess.RunAsync(["db", "migrate", "--warehouse", warehouse], TimeSpan.FromSeconds(120));
        Assert.True(code == 0, $"facet db migrate exited {code}: {output}{error}");
    }

    /// <summary>Starts <c>facet kafka dev</c> and returns it with its bootstrap servers.</summary>
    public static async Task<(FacetProcess Broker, string Bootstrap)> StartKafkaDevAsync(string topic, int partitions)
    {
        var broker = FacetProcess.Start(["kafka", "dev", "--topic", topic, "--partitions", partitions.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var line = await broker.WaitForLineAsync(l => l.StartsWith("bootstrap.servers=", StringComparison.Ordinal), StartTimeout);
        return (broker, line["bootstrap.servers=".Length..]);
    }

    /// <summary>SIGTERM, then the exit code (a clean stop commits and exits 0).</summary>
    public static async Task<int> StopAsync(FacetProcess process)
    {
        process.Signal(15);
        return await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
    }
}
