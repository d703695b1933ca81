using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Facet.Core.Enrichment;

namespace Facet.Benchmarks;

/// <summary>
/// The uncached user-agent parse over a real corpus: the distinct user agents of an events file (e.g. the 12,404 of
/// `facet generate --count 1000000 --seed 1`, or the first N of them), each parsed once by a new parser — the first pass, which pays for
/// building and compiling the regexes it runs, as a `facet load` does — then twice more (the steady state of a long
/// `facet run`). Per compilation mode, CPU and wall µs per distinct UA and the rules compiled, in rounds; first the
/// prefilter's literal scan alone, five passes.
/// </summary>
internal static class UaCorpusHarness
{
    public static Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1 || !File.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: ua-corpus EVENTS.ndjson [ROUNDS] [FIRST_N_DISTINCT_UAS] [MODES, e.g. Interpreted or Adaptive,Interpreted]");
            return Task.FromResult(2);
        }

        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var agents = DistinctAgents(args[0]);
        if (args.Length > 2)
        {
            agents = agents[..Math.Min(agents.Count, int.Parse(args[2], CultureInfo.InvariantCulture))];
        }

        var regexes = EnrichmentData.Locate().UaRegexesPath;
        Console.WriteLine($"{agents.Count} distinct user agents in {args[0]}");
        // One mode per process measures it without the other's warm-up (the first mode measured pays the JIT of the
        // regex engine for both).
        var modes = args.Length > 3
            ? args[3].Split(',').Select(static m => Enum.Parse<UaRegexCompilation>(m, ignoreCase: true)).ToArray()
            : [UaRegexCompilation.Adaptive, UaRegexCompilation.Interpreted];
        var scanner = UserAgentParser.Load(regexes, 100, UaRegexCompilation.Interpreted);
        for (var pass = 1; pass <= 5; pass++)
        {
            var wall = Stopwatch.StartNew();
            foreach (var agent in agents)
            {
                scanner.ScanLiterals(agent);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"prefilter literal scan, pass {pass}: {wall.Elapsed.TotalMicroseconds / agents.Count:F2} µs wall per UA"));
        }

        for (var round = 1; round <= rounds; round++)
        {
            foreach (var mode in modes)
            {
                var parser = UserAgentParser.Load(regexes, 100, mode);
                var (firstWall, firstCpu) = Time(parser, agents, 1);
                var (laterWall, laterCpu) = Time(parser, agents, 2);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round} {mode,-11}  first pass {firstCpu,6:F1} µs CPU {firstWall,6:F1} µs wall per UA   later passes {laterCpu,6:F1} µs CPU {laterWall,6:F1} µs wall   rules compiled {parser.CompiledRuleCount}"));
            }
        }

        return Task.FromResult(0);
    }

    private static (double Wall, double Cpu) Time(UserAgentParser parser, List<string> agents, int passes)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (var pass = 0; pass < passes; pass++)
        {
            foreach (var agent in agents)
            {
                parser.ParseUncached(agent);
            }
        }

        process.Refresh();
        var n = (double)agents.Count * passes;
        return (wall.Elapsed.TotalMicroseconds / n, (process.TotalProcessorTime - cpu).TotalMicroseconds / n);
    }

    private static List<string> DistinctAgents(string path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var agents = new List<string>();
        foreach (var line in File.ReadLines(path))
        {
            try
            {
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.TryGetProperty("user_agent", out var ua) && ua.ValueKind == JsonValueKind.String
                    && ua.GetString() is { Length: > 0 } text && seen.Add(text))
                {
                    agents.Add(text);
                }
            }
            catch (JsonException)
            {
                // A malformed line (the generator's --malformed share) has no user agent to parse.
            }
        }

        return agents;
    }
}
