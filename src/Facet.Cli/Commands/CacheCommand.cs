using System.CommandLine;
using Facet.Dashboard;
using Facet.Dashboard.Caching;
using Facet.Storage.Reports;

namespace Facet.Cli.Commands;

/// <summary>
/// <c>facet cache refresh [--cache redis://HOST:PORT|memory] --warehouse W [--tz Z] [--date D] [REPORT…]</c> (issue 20,
/// docs/cache.md "Refreshing"): computes the answers dashboards will ask for at the current data version into the
/// shared Redis level and removes older versions' entries there. Exit 1 when Redis or the warehouse is unavailable.
/// </summary>
internal static class CacheCommand
{
    public static Command Create(TextWriter output)
    {
        var reports = new Argument<string[]>("report") { Description = "Reports to warm as /api/reports/NAME asks for them (default: what the dashboard page asks for).", Arity = ArgumentArity.ZeroOrMore };
        var cache = new Option<string>("--cache")
        {
            Description = "The shared level dashboards use (redis://HOST:PORT, as their --cache), or memory: this process only, which only checks that the answers compute.",
            DefaultValueFactory = _ => "memory",
        };
        var warehouse = ReportCommand.WarehouseOption();
        var date = new Option<string?>("--date") { Description = "Warm the answers for this day (as date= in the dashboard's requests: today, latest or YYYY-MM-DD); default: the page's own default." };
        var tz = new Option<string>("--tz") { Description = "The dashboards' --tz (their days and hours, part of every key).", DefaultValueFactory = _ => "UTC" };
        var refresh = new Command("refresh", "Warm the report cache for the current data version (the dashboard page's answers, or the named reports) and drop older versions from Redis.")
        {
            reports, cache, warehouse, tz, date,
        };
        refresh.SetAction(async (parse, ct) =>
        {
            var level = parse.GetValue(cache) ?? "memory";
            string? redis = null;
            if (!string.Equals(level, "memory", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    CacheAddress.Parse(level);
                    redis = level;
                }
                catch (ArgumentException)
                {
                    throw new UsageException($"--cache must be redis://HOST:PORT, e.g. redis://127.0.0.1:6379, or memory (got '{level}')");
                }
            }

            var options = new DashboardOptions { Cache = redis, TimeZone = parse.GetValue(tz) ?? "UTC" };
            try
            {
                ReportService.ValidateTimeZone(options.TimeZone);
            }
            catch (ReportOptionsException ex)
            {
                throw new UsageException("--tz: " + ex.Message);
            }

            var location = ReportCommand.ParseWarehouse(parse.GetValue(warehouse));
            CacheRefreshResult result;
            try
            {
                await using var source = await ReportCommand.OpenReportsAsync(location, ct);
                result = await ReportCacheRefresh.RunAsync(options, source, parse.GetValue(reports) ?? [], parse.GetValue(date), ct);
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message.Split(" (Parameter", 2)[0]);
            }
            catch (ReportOptionsException ex)
            {
                throw new UsageException(ex.Message);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ReportWarehouseException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"facet: cache refresh: {ex.Message}");
                return ExitCodes.Failure;
            }

            await output.WriteLineAsync($"data version {result.Version}: warmed {string.Join(", ", result.Warmed)} in {result.Level}");
            await output.WriteLineAsync(redis is null
                ? "memory: the answers computed, but this process's memory is gone when it exits (each dashboard has its own in-process level); name the dashboards' Redis with --cache redis://HOST:PORT to share them"
                : $"removed {result.Removed} entries of older data versions from Redis; running dashboards take the warmed answers from Redis into their own memory on their next request");
            return ExitCodes.Ok;
        });
        return new Command("cache", "The dashboards' report cache (docs/cache.md).") { refresh };
    }
}
