using System.CommandLine;

namespace Facet.Cli.Commands;

/// <summary><c>facet demo</c>: the whole pipeline from one command (embedded Kafka, generator, processor, dashboard).</summary>
internal static class DemoCommand
{
    public static Command Create(TextWriter output)
    {
        var demo = new Command("demo", "Run the whole pipeline embedded: Kafka mock cluster, event generator, stream processor into DuckDB, and the dashboard.");
        demo.SetAction(async (_, _) =>
        {
            // Placeholder until the demo issue (#10) lands: say what it will do.
            await output.WriteLineAsync("facet demo will start an embedded Kafka, stream generated shop events into it, load them exactly once into duckdb:facet-demo.duckdb and serve the dashboard on http://127.0.0.1:5080.");
            await output.WriteLineAsync("Not yet wired: the pieces land with issues #4–#10.");
            return ExitCodes.Ok;
        });
        return demo;
    }
}
