using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Facet.Benchmarks -- --filter '*'   (see BENCHMARKS.md)
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
