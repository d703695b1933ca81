using Facet.Testing;

namespace Facet.Reliability.Tests.Fixtures;

/// <summary>
/// The kill loop of the crash tests that read the warehouse only between runs (a DuckDB file is closed to others while
/// facet writes it): kill points at random marks spread over the load; for each, a run started with its Prometheus
/// endpoint, left until the checkpoints plus its consumed count pass the mark, then a random few hundred milliseconds
/// more, and SIGKILLed — so a kill lands anywhere: mid-batch, mid-transaction, mid-rebalance, at start-up.
/// </summary>
public static class RandomKills
{
    /// <summary>The checkpointed count after each kill.</summary>
    /// <param name="messages">The load's size: the marks lie between 5 % and 90 % of it.</param>
    /// <param name="arguments">A run's arguments (<see cref="MetricsRun"/> adds the metrics port).</param>
    /// <param name="checkpointed">Messages the warehouse's checkpoints cover (read between runs only).</param>
    /// <param name="stall">How long progress may stand still before the wait fails.</param>
    public static async Task<List<long>> RunAsync(int messages, int kills, int seed, IReadOnlyList<string> arguments, Func<Task<long>> checkpointed, TimeSpan stall)
    {
        ArgumentNullException.ThrowIfNull(checkpointed);
        var random = new Random(seed);
        var marks = Enumerable.Range(0, kills).Select(_ => random.Next(messages / 20, messages * 9 / 10)).Order().ToArray();
        var after = new List<long>();
        foreach (var mark in marks)
        {
            // This run consumes from the checkpoints: they plus its consumed counter are how far the load got.
            var start = await checkpointed();
            // MetricsRun starts it again on another port if the free port was taken before facet bound it.
            var (run, port) = await MetricsRun.StartAsync(arguments, stall);
            await using var running = run;
            await Progress.UntilAsync(async () => start + await ConsumedAsync(port), n => n >= mark, stall, $"the load to pass {mark}", run);
            await Task.Delay(random.Next(0, 400));
            run.Signal(9);
            await run.WaitForExitAsync(TimeSpan.FromSeconds(30));
            after.Add(await checkpointed());
        }

        // The kills must have cut the load short, or a test proves nothing about a crash mid-load.
        Assert.True(after.Any(k => k > 0 && k < messages), $"no kill landed mid-load (checkpoints after the kills: {string.Join(", ", after)})");
        return after;
    }

    /// <summary>Messages the running facet consumed so far (0 until its metrics endpoint answers).</summary>
    private static async Task<long> ConsumedAsync(int port)
    {
        try
        {
            var samples = await PrometheusScrape.ScrapeAsync(port);
            return (long)samples.Where(s => s.Name == "facet_messages_consumed_total").Sum(s => s.Value);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }
}
