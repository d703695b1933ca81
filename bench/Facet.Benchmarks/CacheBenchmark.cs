using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Facet.Storage;
using Facet.Testing;
using Npgsql;

namespace Facet.Benchmarks;

/// <summary>
/// The report cache under many viewers (issue 20), a custom harness: a PostgreSQL warehouse with 20k views of today,
/// a writer committing a 200-event batch every second (as a processor does), the real <c>facet dashboard</c> in its own
/// process (<c>--cache off|memory|redis://…</c>), N browsers on <c>/api/live</c> (arriving over the first 2 s) and one
/// API caller timing <c>/api/reports/top-products</c> and <c>/api/kpis</c> every 100 ms. Prints one Markdown row:
/// warehouse calls and SQL statements per second, p50/p95 API latency, and the dashboard process's CPU.
/// Run: bench/cache.sh (starts PostgreSQL and Redis), or FACET_BENCH_POSTGRES=… dotnet run -c Release --project
/// bench/Facet.Benchmarks -- cache-viewers MODE [viewers] [seconds] [facet.dll]
/// </summary>
internal static partial class CacheBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "memory";
        var viewers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30;
        var facetDll = args.Length > 3 ? args[3] : Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Facet.Cli", "bin", "Release", "net10.0", "facet.dll");
        var server = Environment.GetEnvironmentVariable("FACET_BENCH_POSTGRES") ?? Environment.GetEnvironmentVariable("FACET_TEST_POSTGRES");
        if (string.IsNullOrEmpty(server) || !File.Exists(facetDll))
        {
            await Console.Error.WriteLineAsync($"set FACET_BENCH_POSTGRES (Host=…;Username=…) and build facet ({facetDll}); bench/cache.sh does both");
            return 2;
        }

        var database = "facet_cache_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = NpgsqlDataSource.Create(server))
        {
            await using var create = admin.CreateCommand($"CREATE DATABASE {database}");
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        try
        {
            return await MeasureAsync(mode, viewers, seconds, facetDll, connectionString, database);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = NpgsqlDataSource.Create(server);
            await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static async Task<int> MeasureAsync(string mode, int viewers, int seconds, string facetDll, string connectionString, string database)
    {
        var location = WarehouseLocation.Parse(connectionString);
        await using var writer = await WarehouseFactory.OpenAsync(location, new WarehouseOptions(), null, CancellationToken.None);
        await writer.MigrateAsync(CancellationToken.None);
        var scenario = new ReportScenario(seed: 7);
        var now = DateTimeOffset.UtcNow;
        await ReportScenario.WriteAsync(writer, scenario.Generate(20_000, now.AddHours(-Math.Min(20, now.TimeOfDay.TotalHours)), now), 2000, new BatchInfo("bench-fill", 2000, 0, now));

        var arguments = new List<string> { facetDll, "dashboard", "--warehouse", connectionString, "--port", "0" };
        if (mode != "memory")
        {
            arguments.AddRange(["--cache", mode]);
        }

        using var dashboard = StartDashboard(arguments, out var address);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { BaseAddress = new Uri(address), Timeout = Timeout.InfiniteTimeSpan };
        await http.GetStringAsync("/api/health");

        using var stop = new CancellationTokenSource();
        var snapshots = 0L;
        var clients = Enumerable.Range(0, viewers).Select(i => ViewAsync(http, TimeSpan.FromMilliseconds(2000.0 * i / viewers), () => Interlocked.Increment(ref snapshots), stop.Token)).ToList();
        // Measure once every viewer is connected.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var cpuBefore = CpuSeconds(dashboard.Id);
        var readsBefore = await WarehouseReadsAsync(http);
        var statementsBefore = await StatementsAsync(connectionString, database);
        var snapshotsBefore = Interlocked.Read(ref snapshots);
        var clock = Stopwatch.StartNew();
        var writes = CommitEverySecondAsync(writer, scenario, stop.Token);
        var latencies = await ProbeApiAsync(http, TimeSpan.FromSeconds(seconds));
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpu = CpuSeconds(dashboard.Id) - cpuBefore;
        var reads = (await WarehouseReadsAsync(http)).ToDictionary(p => p.Key, p => p.Value - readsBefore.GetValueOrDefault(p.Key));
        // PostgreSQL counts statistics when a backend reports them (at most once a second): wait for the last ones.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var statements = await StatementsAsync(connectionString, database) - statementsBefore;
        var pushed = Interlocked.Read(ref snapshots) - snapshotsBefore;
        await stop.CancelAsync();
        await Task.WhenAll(clients.Append(writes).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        dashboard.Kill();

        latencies.Sort();
        double Percentile(double p) => latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(p * latencies.Count) - 1)];
        var heavy = reads.GetValueOrDefault("report") + reads.GetValueOrDefault("kpis") + reads.GetValueOrDefault("pipeline");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {mode} | {viewers} | {pushed / elapsed:0} | {heavy / elapsed:0.0} | {reads.GetValueOrDefault("version") / elapsed:0.0} | {statements / elapsed:0} | {Percentile(0.5):0.0} | {Percentile(0.95):0.0} | {latencies.Count} | {cpu:0.0} s ({100 * cpu / elapsed:0} %) |"));
        return 0;
    }

    private static Process StartDashboard(List<string> arguments, out string address)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("facet dashboard did not start");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Console.Error.WriteLine("dashboard: " + line);
            }
        };
        process.BeginErrorReadLine();
        while (process.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith("dashboard=", StringComparison.Ordinal))
            {
                address = line["dashboard=".Length..];
                _ = process.StandardOutput.ReadToEndAsync();
                return process;
            }
        }

        throw new InvalidOperationException("facet dashboard exited before it listened");
    }

    private static async Task ViewAsync(HttpClient http, TimeSpan arrival, Action snapshot, CancellationToken ct)
    {
        await Task.Delay(arrival, ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/live");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("event: snapshot", StringComparison.Ordinal))
            {
                snapshot();
            }
        }
    }

    private static async Task CommitEverySecondAsync(IWarehouse writer, ReportScenario scenario, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(ct))
        {
            var now = DateTimeOffset.UtcNow;
            await ReportScenario.WriteAsync(writer, scenario.Generate(200, now.AddSeconds(-5), now), 200, new BatchInfo("bench-writer", 200, 0, now));
        }
    }

    private static async Task<List<double>> ProbeApiAsync(HttpClient http, TimeSpan duration)
    {
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (clock.Elapsed < duration && await timer.WaitForNextTickAsync())
        {
            foreach (var url in (string[])["/api/reports/top-products", "/api/kpis"])
            {
                var call = Stopwatch.StartNew();
                using var response = await http.GetAsync(url);
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
                latencies.Add(call.Elapsed.TotalMilliseconds);
            }
        }

        return latencies;
    }

    private static double CpuSeconds(int pid)
    {
        // /proc/PID/stat: utime and stime (fields 14 and 15) in clock ticks, after the parenthesised command name.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static async Task<Dictionary<string, long>> WarehouseReadsAsync(HttpClient http)
    {
        var text = await http.GetStringAsync("/metrics");
        return ReadsLine().Matches(text).ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    private static async Task<long> StatementsAsync(string connectionString, string database)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // A new connection, so a new statistics snapshot. Each report statement runs outside a transaction block: one
        // transaction each, so committed transactions count the dashboard's statements (plus the writer's few batches).
        await using var command = new NpgsqlCommand("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = $1", connection);
        command.Parameters.AddWithValue(database);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [GeneratedRegex(@"facet_dashboard_warehouse_reads_total\{read=""(\w+)""\} (\d+)")]
    private static partial Regex ReadsLine();
}
