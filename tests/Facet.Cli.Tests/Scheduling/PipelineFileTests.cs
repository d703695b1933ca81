using Facet.Cli.Scheduling;

namespace Facet.Cli.Tests.Scheduling;

public sealed class PipelineFileTests
{
    private const string Header = "dags:\n  nightly:\n    schedule: \"0 2 * * *\"\n    start_date: 2026-11-01\n";

    [Theory]
    [InlineData("    tasks:\n      a: {kind: explode}\n", "DAG 'nightly' task 'a': unknown kind 'explode': use one of shell, ")]
    [InlineData("    tasks:\n      a: {kind: shell, args: [\"true\"], depends_on: [b]}\n      b: {kind: shell, args: [\"true\"], depends_on: [c]}\n      c: {kind: shell, args: [\"true\"], depends_on: [a]}\n",
        "DAG 'nightly': tasks a → b → c → a depend on each other in a cycle: remove one of these depends_on")]
    [InlineData("    tasks:\n      a: {kind: shell, args: [\"true\"], depends_on: [nope]}\n",
        "DAG 'nightly' task 'a' depends on 'nope', which is not a task of the DAG: use one of a")]
    [InlineData("    tasks:\n      a: {kind: load, options: {max-batch: lots}, args: [x.ndjson]}\n", "DAG 'nightly' task 'a': Cannot parse argument 'lots' for option '--max-batch'")]
    [InlineData("    tasks:\n      a: {kind: load, args: [\"events-{{ day }}.ndjson\"]}\n", "DAG 'nightly' task 'a': unknown placeholder '{{ day }}': use one of ds, ")]
    [InlineData("    tasks:\n      a: {kind: shell, args: [\"true\"], retry_delay: soon}\n", "DAG 'nightly' task 'a': retry_delay 'soon' is not a duration")]
    [InlineData("    tasks:\n      a: {kind: db}\n", "DAG 'nightly' task 'a': unknown kind 'db'")]
    [InlineData("    tasks:\n      a: {kind: db maintenance, options: {retention-days: 0}}\n", "DAG 'nightly' task 'a': --retention-days must be at least 1 day (got 0).")]
    [InlineData("    tasks:\n      a: {kind: schedule run}\n", "DAG 'nightly' task 'a': unknown kind 'schedule run'")]
    public void A_broken_task_is_refused_with_one_line_naming_the_dag_the_task_and_the_fix(string tasks, string expected)
    {
        var ex = Assert.Throws<PipelineFileException>(() => PipelineFile.Parse(Header + tasks, "p.yaml"));
        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [InlineData("dags:\n  d:\n    schedule: \"0 25 * * *\"\n    start_date: 2026-11-01\n    tasks: {a: {kind: shell, args: [\"true\"]}}\n", "DAG 'd': schedule '0 25 * * *' is not a cron expression")]
    [InlineData("dags:\n  d:\n    schedule: \"@daily\"\n    timezone: Mars/Olympus\n    start_date: 2026-11-01\n    tasks: {a: {kind: shell, args: [\"true\"]}}\n", "DAG 'd': unknown timezone 'Mars/Olympus': use an IANA name")]
    [InlineData("dags:\n  d:\n    schedule: \"@daily\"\n    tasks: {a: {kind: shell, args: [\"true\"]}}\n", "DAG 'd' has a schedule but no start_date: add start_date")]
    [InlineData("dags:\n  d:\n    scheduel: \"@daily\"\n", "p.yaml line 3: ")]
    public void A_broken_dag_is_refused_with_one_line(string text, string expected)
    {
        var ex = Assert.Throws<PipelineFileException>(() => PipelineFile.Parse(text, "p.yaml"));
        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Kinds_are_facet_commands_by_name_including_nested_ones_and_options_become_flags()
    {
        var dags = PipelineFile.Parse(
            "dags:\n  d:\n    tasks:\n      m: {kind: db migrate}\n      r:\n        kind: report\n        depends_on: [m]\n        args: [top-products]\n" +
            "        options: {date: \"{{ ds }}\", include-bots: true, views: [view_product_detail, select_product_option], limit: 5}\n", "p.yaml");
        var dag = Assert.Single(dags);
        Assert.Null(dag.Schedule);
        Assert.Equal(["m", "r"], dag.Tasks.Select(t => t.Id));
        Assert.Equal(["db", "migrate"], dag.Task("m").CommandPath);
        Assert.Equal(
            ["--date", "{{ ds }}", "--include-bots", "--views", "view_product_detail", "--views", "select_product_option", "--limit", "5", "top-products"],
            dag.Task("r").ArgumentTemplates);
    }

    [Fact]
    public void The_shipped_example_workflows_load()
    {
        var folder = Path.Combine(RepositoryRoot(), "examples", "schedule");
        var dags = Directory.GetFiles(folder, "*.yaml").SelectMany(PipelineFile.Load).ToDictionary(d => d.Id);
        Assert.Equal(["migrate", "folder", "generate", "load", "maintenance"], dags["daily-generate"].Tasks.Select(t => t.Id));
        Assert.Equal(["db", "maintenance"], dags["daily-generate"].Task("maintenance").CommandPath);
        Assert.Contains("{{ ds }}", dags["daily-generate"].Task("generate").ArgumentTemplates.Single(a => a.StartsWith("exports/", StringComparison.Ordinal)), StringComparison.Ordinal);
        var import = dags["import-analyse-cache"];
        Assert.Equal(["import", "windows", "orders", "categories", "sales-windows", "refresh-cache"], import.Tasks.Select(t => t.Id));
        Assert.Equal(["import", "csv"], import.Task("import").CommandPath);
        Assert.Equal(["cache", "refresh"], import.Task("refresh-cache").CommandPath);
        // A windows recompute gets its run's data interval unless it names a range itself.
        Assert.Equal(["--all", "--from", "{{ data_interval_start }}", "--to", "{{ data_interval_end }}"], import.Task("windows").ArgumentTemplates);
        Assert.DoesNotContain(dags.Values.SelectMany(static d => d.Tasks), static t => t.Kind == "shell" && t.Id != "folder");
    }

    [Fact]
    public void A_windows_recompute_in_a_DAG_without_a_schedule_rebuilds_everything_as_its_manual_runs_have_an_empty_interval()
    {
        var dags = PipelineFile.Parse(
            "dags:\n  d:\n    tasks:\n      all: {kind: windows recompute, args: [--all]}\n" +
            "      ranged: {kind: windows recompute, args: [sales_analysis], options: {from: \"{{ ds }}\"}}\n", "p.yaml");
        var dag = Assert.Single(dags);
        Assert.Null(dag.Schedule);
        Assert.Equal(["--all"], dag.Task("all").ArgumentTemplates);
        Assert.Equal(["--from", "{{ ds }}", "sales_analysis"], dag.Task("ranged").ArgumentTemplates);
    }

    [Fact]
    public async Task Schedule_list_with_a_broken_file_exits_2_with_one_line()
    {
        using var directory = new Facet.Testing.TempDirectory();
        var file = directory.File("p.yaml");
        await File.WriteAllTextAsync(file, Header + "    tasks:\n      a: {kind: shell, args: [\"true\"], depends_on: [a]}\n");
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await FacetCommandLine.RunAsync(["schedule", "list", "--file", file], output, error);
        Assert.Equal(2, code);
        Assert.Equal("facet: DAG 'nightly': tasks a → a depend on each other in a cycle: remove one of these depends_on", error.ToString().Trim());
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Facet.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Facet.slnx not found above " + AppContext.BaseDirectory);
    }
}
