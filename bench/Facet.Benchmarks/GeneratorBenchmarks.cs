using BenchmarkDotNet.Attributes;
using Facet.Simulation.Generation;

namespace Facet.Benchmarks;

/// <summary>
/// Event generation speed (issue 8): the in-memory cost of one event, with the default mix plus 1% duplicates,
/// 0.1% malformed and 1% late. The end-to-end figure (to a file through the CLI) is in BENCHMARKS.md.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private const int Batch = 10_000;
    private EventGenerator _generator = null!;

    [GlobalSetup]
    public void Setup() => _generator = new EventGenerator(
        new GeneratorOptions { Seed = 1, Start = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero), Duplicates = 0.01, Malformed = 0.001, Late = 0.01 },
        CountryNetworks.LoadDefault());

    [Benchmark(OperationsPerInvoke = Batch)]
    public long GenerateEvent()
    {
        var bytes = 0L;
        for (var i = 0; i < Batch; i++)
        {
            bytes += _generator.Next().Payload.Length;
        }

        return bytes;
    }
}
