using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Facet.Benchmarks -- --filter '*'   (see BENCHMARKS.md)
if (args is ["warehouse-load", .. var rest])
{
    return await Facet.Benchmarks.LoadBenchmarks.RunAsync(rest);
}

if (args is ["rollup-count", .. var countArgs])
{
    return Facet.Benchmarks.RollupCountHarness.Run(countArgs);
}

if (args is ["warehouse-load-duckdb", .. var duckArgs])
{
    return await Facet.Benchmarks.LoadBenchmarks.RunDuckDbAsync(duckArgs);
}

if (args is ["duckdb-read-csv", .. var csvArgs])
{
    return await Facet.Benchmarks.CsvImportBaseline.RunAsync(csvArgs);
}

if (args is ["duckdb-star-schema-floor", .. var floorArgs])
{
    return await Facet.Benchmarks.DuckDbStarSchemaFloor.RunAsync(floorArgs);
}

if (args is ["cache-viewers", .. var cacheArgs])
{
    return await Facet.Benchmarks.CacheBenchmark.RunAsync(cacheArgs);
}

if (args is ["report-latency", .. var reportArgs])
{
    return await Facet.Benchmarks.ReportBenchmarks.RunAsync(reportArgs);
}

if (args is ["funnel-latency-duckdb", .. var duckFunnelArgs])
{
    return await Facet.Benchmarks.DuckDbFunnelLatency.RunAsync(duckFunnelArgs);
}

if (args is ["ua-corpus", .. var uaArgs])
{
    return await Facet.Benchmarks.UaCorpusHarness.RunAsync(uaArgs);
}

if (args is ["window-latency", .. var latencyArgs])
{
    return await Facet.Benchmarks.WindowLatencyHarness.RunAsync(latencyArgs);
}

if (args is [("e2e-produce" or "e2e-bare" or "copy-ceiling" or "http-latency") and var harness, .. var harnessArgs])
{
    return await Facet.Benchmarks.EndToEndHarness.RunAsync(harness, harnessArgs);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
