using System.Text.Json;
using Facet.Testing;

namespace Facet.Cli.Tests.Scheduling;

/// <summary>The schedule commands in-process against a DuckDB warehouse.</summary>
public sealed class ScheduleCommandTests
{
    private const string Yaml = """
        dags:
          daily:
            schedule: "@daily"
            timezone: Europe/Berlin
            start_date: 2026-11-01
            tasks:
              load: {kind: shell, args: ["echo {{ ds }}"]}
        """;

    private static async Task<(int Code, string Output, string Error)> FacetAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await FacetCommandLine.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Triggering_the_same_logical_date_twice_queues_one_run_and_backfill_keeps_it()
    {
        using var directory = new TempDirectory();
        var file = directory.File("pipeline.yaml");
        await File.WriteAllTextAsync(file, Yaml);
        var warehouse = "duckdb:" + directory.File("w.duckdb");
        Assert.Equal(0, (await FacetAsync("db", "migrate", "--warehouse", warehouse)).Code);

        var first = await FacetAsync("schedule", "trigger", "daily", "--date", "2026-11-20", "--file", file, "--warehouse", warehouse);
        Assert.True(first.Code == 0, first.Error);
        Assert.Equal("daily @ 2026-11-20 00:00 +01:00: queued (manual); facet schedule run runs it", first.Output.Trim());
        var second = await FacetAsync("schedule", "trigger", "daily", "--date", "2026-11-20", "--file", file, "--warehouse", warehouse);
        Assert.Equal("daily @ 2026-11-20 00:00 +01:00: a run exists already (manual, queued); nothing queued", second.Output.Trim());

        var backfill = await FacetAsync("schedule", "backfill", "daily", "--from", "2026-11-19", "--to", "2026-11-21", "--file", file, "--warehouse", warehouse);
        Assert.Equal("daily: 3 interval(s) from 2026-11-19 to 2026-11-21: 2 queued, 1 existed already; facet schedule run runs them oldest first", backfill.Output.Trim());

        var runs = await FacetAsync("schedule", "runs", "daily", "--format", "json", "--file", file, "--warehouse", warehouse);
        using var json = JsonDocument.Parse(runs.Output);
        Assert.Equal(
            [("2026-11-21T00:00:00.000+01:00", "backfill"), ("2026-11-20T00:00:00.000+01:00", "manual"), ("2026-11-19T00:00:00.000+01:00", "backfill")],
            json.RootElement.EnumerateArray().Select(r => (r.GetProperty("logical_date").GetString(), r.GetProperty("run_type").GetString())));
        Assert.Equal("2026-11-21T00:00:00.000+01:00", json.RootElement[1].GetProperty("data_interval_end").GetString());
    }

    [Fact]
    public async Task Schedule_commands_on_an_unmigrated_warehouse_say_to_run_facet_db_migrate()
    {
        using var directory = new TempDirectory();
        var file = directory.File("pipeline.yaml");
        await File.WriteAllTextAsync(file, Yaml);
        var (code, _, error) = await FacetAsync("schedule", "trigger", "daily", "--file", file, "--warehouse", "duckdb:" + directory.File("w.duckdb"));
        Assert.Equal(1, code);
        Assert.Contains("run facet db migrate --warehouse duckdb:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Triggering_an_unknown_dag_exits_2_naming_the_dags_of_the_file()
    {
        using var directory = new TempDirectory();
        var file = directory.File("pipeline.yaml");
        await File.WriteAllTextAsync(file, Yaml);
        var (code, _, error) = await FacetAsync("schedule", "trigger", "weekly", "--file", file, "--warehouse", "duckdb:" + directory.File("w.duckdb"));
        Assert.Equal(2, code);
        Assert.Equal("facet: unknown DAG 'weekly': the pipeline file declares daily", error.Trim());
    }
}
