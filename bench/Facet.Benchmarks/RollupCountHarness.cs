using System.Diagnostics;
using System.Globalization;
using Facet.Storage;
using Facet.Storage.Internal;

namespace Facet.Benchmarks;

/// <summary>
/// The rollup count and the device grouping of prepared batches over their events in decode order (as the preparation
/// makes them) and in key order (as the facts are written, and as the preparation made them before issue 22),
/// alternating in one process.
/// Run: dotnet bench/Facet.Benchmarks/bin/Release/net10.0/Facet.Benchmarks.dll rollup-count [rows] [batch] [rounds]
/// </summary>
internal static class RollupCountHarness
{
    public static int Run(string[] args)
    {
        var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 600_000;
        var batchSize = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 60_000;
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 6;
        var options = new WarehouseOptions();
        var privacy = new PrivacyRules(options);
        var zone = options.ReportingTimeZone.Id;
        var prepared = LoadBenchmarks.GenerateEvents(rows, batchSize, seed: 6).ConvertAll(events => PreparedClickstream.Prepare(events, options, privacy));
        // Each batch's events in key order (as the write's recount reads them) and in decode order (as the preparation
        // does).
        var decodeOrder = prepared.ConvertAll(p => p.Events.OrderBy(e => e.Source.Event.Position.Offset).ToList());
        // In pairs, decode order first: way w | 1 is the key-order run of w's step.
        (string Name, bool DecodeOrder)[] ways =
        [
            ("rollup count, events in decode order", true),
            ("rollup count, events in key order", false),
            ("device grouping, events in decode order", true),
            ("device grouping, events in key order", false),
        ];
        var cpu = new TimeSpan[ways.Length];
        for (var round = 0; round <= rounds; round++)
        {
            for (var w = 0; w < ways.Length; w++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var before = Process.GetCurrentProcess().TotalProcessorTime;
                for (var b = 0; b < prepared.Count; b++)
                {
                    var events = ways[w].DecodeOrder ? decodeOrder[b] : prepared[b].Events;
                    if (w < 2) // the first pair: the rollup count; the second: the device grouping
                    {
                        _ = prepared[b].CountRollups(events, zone);
                    }
                    else
                    {
                        _ = BatchDevices.Of(events);
                    }
                }

                if (round > 0) // round 0 warms both up
                {
                    cpu[w] += Process.GetCurrentProcess().TotalProcessorTime - before;
                }
            }
        }

        Console.WriteLine($"rows={rows} batch={batchSize} rounds={rounds} (alternating, after one warm-up round)");
        Console.WriteLine("| step | CPU ns per event | ratio to the same step in key order |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var (way, w) in ways.Select((way, w) => (way, w)))
        {
            Console.WriteLine($"| {way.Name} | {cpu[w].TotalNanoseconds / ((double)rows * rounds):N0} | {cpu[w] / cpu[w | 1]:0.00} |");
        }

        return 0;
    }
}
