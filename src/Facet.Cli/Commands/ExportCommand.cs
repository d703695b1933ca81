using System.CommandLine;
using System.Text;
using Facet.Storage.Windows;

namespace Facet.Cli.Commands;

/// <summary>
/// <c>facet export windows NAME --format mongodb-extjson [--out FILE]</c>: a definition's published windows as MongoDB
/// Extended JSON, one document per window and key with a stable <c>_id</c> (<c>mongoimport --mode upsert</c> is then
/// idempotent); docs/windows.md.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("export", "Export warehouse data for other stores.");
        var name = new Argument<string>("name") { Description = "The window definition (facet windows list)." };
        var warehouse = ReportCommand.WarehouseOption();
        var windows = WindowCliOptions.Create();
        var (from, to) = WindowsCommand.RangeOptions();
        var format = new Option<string>("--format") { Description = "Output: mongodb-extjson (one document per line).", DefaultValueFactory = _ => "mongodb-extjson" };
        var file = new Option<string?>("--out") { Description = "Write to this file instead of standard output." };
        var windowsCommand = new Command("windows", "A window definition's published windows as MongoDB Extended JSON (stable _id: mongoimport --mode upsert).") { name, warehouse, windows, from, to, format, file };
        windowsCommand.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(format) is not "mongodb-extjson")
            {
                throw new UsageException($"--format must be mongodb-extjson (got '{parse.GetValue(format)}')");
            }

            var view = await WindowsCommand.ReadViewAsync(parse, name, warehouse, windows, from, to, ct);
            if (parse.GetValue(file) is { } path)
            {
                await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
                await WindowWriter.WriteMongoExtendedJsonAsync(writer, view, ct);
            }
            else
            {
                await WindowWriter.WriteMongoExtendedJsonAsync(output, view, ct);
                await output.FlushAsync(ct);
            }

            return ExitCodes.Ok;
        });
        command.Subcommands.Add(windowsCommand);
        return command;
    }
}
