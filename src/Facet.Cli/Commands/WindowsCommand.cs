using System.CommandLine;
using System.Globalization;
using Facet.Storage.Reports;
using Facet.Storage.Windows;
using Spectre.Console;

namespace Facet.Cli.Commands;

/// <summary>
/// <c>facet windows list</c> and <c>facet windows show NAME [--from --to] [--format table|json|csv]</c>: the event-time
/// windows a warehouse holds (issue 19, docs/windows.md). Definitions come from the warehouse (as last used) and from
/// <c>--windows</c> (built-ins by default).
/// </summary>
internal static class WindowsCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("windows", "Event-time windows (docs/windows.md): list the definitions, show one's windows.");
        command.Subcommands.Add(CreateList(output));
        command.Subcommands.Add(CreateShow(output));
        return command;
    }

    private static Command CreateList(TextWriter output)
    {
        var warehouse = ReportCommand.WarehouseOption();
        var windows = WindowCliOptions.Create();
        var format = new Option<string>("--format") { Description = "Output: table or json.", DefaultValueFactory = _ => "table" };
        var command = new Command("list", "List the window definitions: configured (--windows) and stored in the warehouse, with their watermarks.") { warehouse, windows, format };
        command.SetAction(async (parse, ct) =>
        {
            var outputFormat = parse.GetValue(format) ?? "table";
            if (outputFormat is not ("table" or "json"))
            {
                throw new UsageException($"--format must be table or json (got '{outputFormat}')");
            }

            var configured = WindowCliOptions.Resolve(parse.GetValue(windows));
            await using var reports = await ReportCommand.OpenReportsAsync(ReportCommand.ParseWarehouse(parse.GetValue(warehouse)), ct);
            var stored = await ReadStoredAsync(reports, ct);
            var rows = Merge(configured, stored);
            if (outputFormat == "json")
            {
                await output.WriteLineAsync(WindowWriter.ListToJson(rows));
                return ExitCodes.Ok;
            }

            var table = new Table { Border = TableBorder.Rounded };
            foreach (var column in new[] { "name", "source", "time", "window", "keys", "aggregates", "mode", "watermark" })
            {
                table.AddColumn(column);
            }

            foreach (var (d, watermark) in rows)
            {
                var window = d.Kind == WindowKind.Tumbling ? $"tumbling {WindowDefinitions.FormatDuration(d.Size)}" : $"hopping {WindowDefinitions.FormatDuration(d.Size)}/{WindowDefinitions.FormatDuration(d.Slide)}";
                table.AddRow(
                    Markup.Escape(d.Name), Markup.Escape(d.IsJoin ? "join " + string.Join(" + ", d.Join) : d.Source), Markup.Escape(d.TimeField), Markup.Escape(window), Markup.Escape(string.Join(", ", d.Keys)),
                    Markup.Escape(string.Join(", ", d.Aggregates.Select(static a => a.Name))), d.Mode.ToString().ToLowerInvariant(),
                    watermark?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-");
            }

            Console(output).Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateShow(TextWriter output)
    {
        var name = new Argument<string>("name") { Description = "The window definition (facet windows list)." };
        var warehouse = ReportCommand.WarehouseOption();
        var windows = WindowCliOptions.Create();
        var (from, to) = RangeOptions();
        var format = new Option<string>("--format") { Description = "Output: table, json or csv.", DefaultValueFactory = _ => "table" };
        var command = new Command("show", "Show one definition's windows (update mode: all; final mode: final ones), its watermark and late events.") { name, warehouse, windows, from, to, format };
        command.SetAction(async (parse, ct) =>
        {
            var outputFormat = parse.GetValue(format) ?? "table";
            if (outputFormat is not ("table" or "json" or "csv"))
            {
                throw new UsageException($"--format must be table, json or csv (got '{outputFormat}')");
            }

            var view = await ReadViewAsync(parse, name, warehouse, windows, from, to, ct);
            switch (outputFormat)
            {
                case "json":
                    await output.WriteLineAsync(WindowWriter.ToJson(view));
                    break;
                case "csv":
                    await WindowWriter.WriteCsvAsync(output, view, ct);
                    break;
                default:
                    WriteTable(output, view);
                    break;
            }

            await output.FlushAsync(ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static (Option<string?> From, Option<string?> To) RangeOptions() => (
        new Option<string?>("--from") { Description = "First window start to show (UTC): YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]." },
        new Option<string?>("--to") { Description = "Show windows starting before this (UTC): YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]." });

    /// <summary>The named definition's windows: the stored definition, else the configured one.</summary>
    internal static async Task<WindowView> ReadViewAsync(ParseResult parse, Argument<string> name, Option<string?> warehouse, Option<string> windows, Option<string?> from, Option<string?> to, CancellationToken ct)
    {
        var wanted = parse.GetValue(name)!;
        var fromUtc = ParseTime(parse.GetValue(from), "--from");
        var toUtc = ParseTime(parse.GetValue(to), "--to");
        var configured = WindowCliOptions.Resolve(parse.GetValue(windows));
        await using var reports = await ReportCommand.OpenReportsAsync(ReportCommand.ParseWarehouse(parse.GetValue(warehouse)), ct);
        var all = Merge(configured, await ReadStoredAsync(reports, ct));
        var definition = all.FirstOrDefault(r => r.Definition.Name == wanted).Definition
            ?? throw new UsageException($"unknown window '{wanted}': use one of {string.Join(", ", all.Select(static r => r.Definition.Name))} (or add it with --windows FILE)");
        return await reports.ReadWindowsAsync(definition, fromUtc, toUtc, ct);
    }

    private static async Task<IReadOnlyList<StoredWindowDefinition>> ReadStoredAsync(ReportService reports, CancellationToken ct)
    {
        try
        {
            return await reports.ListWindowsAsync(ct);
        }
        catch (WindowDefinitionException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    /// <summary>Stored definitions (as last used, with their watermark) first by name, then configured ones not stored yet.</summary>
    private static List<(WindowDefinition Definition, DateTime? Watermark)> Merge(IReadOnlyList<WindowDefinition> configured, IReadOnlyList<StoredWindowDefinition> stored)
    {
        var rows = stored.Select(static s => (s.Definition, s.Watermark)).ToList();
        rows.AddRange(configured.Where(c => stored.All(s => s.Definition.Name != c.Name)).Select(static c => (c, (DateTime?)null)));
        rows.Sort(static (a, b) => string.CompareOrdinal(a.Definition.Name, b.Definition.Name));
        return rows;
    }

    private static DateTime? ParseTime(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        string[] formats = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm'Z'"];
        return DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
            ? DateTime.SpecifyKind(t, DateTimeKind.Utc)
            : throw new UsageException($"{option} must be a UTC time such as 2024-05-01 or 2024-05-01T13:00 (got '{text}')");
    }

    private static void WriteTable(TextWriter output, WindowView view)
    {
        var watermark = view.Watermark?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "none yet";
        var table = new Table { Border = TableBorder.Rounded, Title = new TableTitle(Markup.Escape($"{view.Definition.Name} · {view.Definition.Mode.ToString().ToLowerInvariant()} · watermark {watermark} UTC")) };
        var columns = new List<string> { "window_start", "window_end" };
        columns.AddRange(view.Definition.Keys);
        columns.AddRange(view.Definition.Aggregates.Select(static a => a.Name));
        columns.AddRange(["revisions", "late_revisions", "final"]);
        foreach (var column in columns)
        {
            table.AddColumn(Markup.Escape(column));
        }

        foreach (var row in view.Rows)
        {
            var cells = new List<string> { Time(row.WindowStart), Time(row.WindowEnd) };
            cells.AddRange(row.Key.Select(static k => k ?? ""));
            cells.AddRange(view.Definition.Aggregates.Select(a => row.Values[a.Name] switch
            {
                null => "",
                DateTime t => Time(t),
                var v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
            }));
            cells.AddRange([row.Revisions.ToString(CultureInfo.InvariantCulture), row.LateRevisions.ToString(CultureInfo.InvariantCulture), row.IsFinal ? "yes" : "no"]);
            table.AddRow([.. cells.Select(Markup.Escape)]);
        }

        var console = Console(output);
        console.Write(table);
        var late = view.Late.Sum(static l => l.LateCount);
        console.WriteLine(late == 0
            ? "late events: none"
            : $"late events: {late} in {view.Late.Count} window(s), {view.Late.Sum(static l => l.AppliedCount)} applied anyway; e.g. {string.Join(", ", view.Late.SelectMany(static l => l.Examples).Take(5))}");
    }

    private static string Time(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static IAnsiConsole Console(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        return console;
    }
}
