using Facet.Testing;

namespace Facet.Cli.Tests.Commands;

/// <summary>
/// <c>facet cache refresh</c> as a scheduled task runs it (issue 20): exit 0 with what it warmed where, exit 2 for a bad
/// report name or --cache value, exit 1 with one line when Redis is down. What the warmed answers are worth is proven
/// against dashboards in Facet.Dashboard.Tests' ReportCacheRefreshTests.
/// </summary>
public sealed class CacheCommandTests
{
    [Fact]
    public async Task Cache_refresh_warms_redis_and_says_what_it_did_with_exit_codes_that_mean_something()
    {
        using var temp = new TempDirectory();
        var warehouse = "duckdb:" + temp.File("w.duckdb");
        var redis = "redis://" + RedisServer.SharedAddress;

        var warmed = await FacetProcess.RunAsync(["cache", "refresh", "--cache", redis, "--warehouse", warehouse, "top-products", "--date", "2026-11-20"], TimeSpan.FromSeconds(60));
        Assert.True(warmed.ExitCode == 0, warmed.Error);
        Assert.Contains($"warmed top-products in redis {RedisServer.SharedAddress}", warmed.Output, StringComparison.Ordinal);
        Assert.Contains("entries of older data versions from Redis", warmed.Output, StringComparison.Ordinal);

        var memory = await FacetProcess.RunAsync(["cache", "refresh", "--warehouse", warehouse], TimeSpan.FromSeconds(60));
        Assert.True(memory.ExitCode == 0, memory.Error);
        Assert.Contains("warmed dashboard page", memory.Output, StringComparison.Ordinal);
        Assert.Contains("this process's memory is gone when it exits", memory.Output, StringComparison.Ordinal);

        var unknown = await FacetProcess.RunAsync(["cache", "refresh", "--warehouse", warehouse, "top-nothing"], TimeSpan.FromSeconds(60));
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown report 'top-nothing': use one of top-products", unknown.Error, StringComparison.Ordinal);

        var badCache = await FacetProcess.RunAsync(["cache", "refresh", "--cache", "redis:/nowhere", "--warehouse", warehouse], TimeSpan.FromSeconds(60));
        Assert.Equal(2, badCache.ExitCode);
        Assert.Contains("--cache must be redis://HOST:PORT", badCache.Error, StringComparison.Ordinal);

        var down = await FacetProcess.RunAsync(["cache", "refresh", "--cache", "redis://127.0.0.1:1", "--warehouse", warehouse], TimeSpan.FromSeconds(60));
        Assert.Equal(1, down.ExitCode);
        Assert.StartsWith("facet: cache refresh: the Redis cache at 127.0.0.1:1 is unavailable (", down.Error.Trim(), StringComparison.Ordinal);
        Assert.Single(down.Error.Trim().Split('\n'));
    }
}
