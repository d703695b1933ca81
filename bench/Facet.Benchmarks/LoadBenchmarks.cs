using System.Diagnostics;
using System.Globalization;
using Facet.Core.Enrichment;
using Facet.Core.Events;
using Facet.Storage;
using Facet.Storage.Streams;
using Facet.Storage.Internal;
using Facet.Storage.Postgres;
using Npgsql;

namespace Facet.Benchmarks;

/// <summary>
/// Warehouse loader benchmark (issue 6), a custom harness because the ratio must come from one run:
/// per batch, a raw binary COPY of the same fact rows into an unindexed table, then the full loader
/// (dimensions, dedup, facts, rollups, checkpoints) — interleaved so both see the same machine noise.
/// Then the same batches again (all duplicates) and a DuckDB load.
/// Run: FACET_BENCH_POSTGRES='Host=…;Username=…' dotnet run -c Release --project bench/Facet.Benchmarks -- warehouse-load [rows] [batch]
/// </summary>
internal static class LoadBenchmarks
{
    /// <summary>
    /// The DuckDB loader alone (no PostgreSQL needed): <c>warehouse-load-duckdb [rows] [batch] [variant…]</c>. Each
    /// variant is a ';'-separated list of DuckDB settings applied to its own fresh file (empty = the defaults); the
    /// variants get every batch in turn, so they share the machine's noise and their ratio means something.
    /// </summary>
    public static async Task<int> RunDuckDbAsync(string[] args)
    {
        var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        var batchSize = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        string[] variants = args.Length > 2 ? args[2..] : [""];
        var batches = Generate(rows, batchSize, seed: 6);
        var warmup = Generate(batchSize, batchSize, seed: 7)[0];
        var times = await DuckDbAsync(batches, warmup, variants);
        Console.WriteLine($"rows={rows} batch={batchSize}");
        Console.WriteLine("| DuckDB variant | rows/s | ratio to the first |");
        Console.WriteLine("|---|---:|---:|");
        for (var v = 0; v < variants.Length; v++)
        {
            Console.WriteLine($"| {(variants[v].Length == 0 ? "defaults" : variants[v])} | {rows / times[v].TotalSeconds:N0} | {times[0] / times[v]:0.00} |");
        }

        var peak = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        Console.WriteLine($"peak RSS (VmHWM) {(peak is null ? "?" : (long.Parse(peak, CultureInfo.InvariantCulture) / 1024).ToString(CultureInfo.InvariantCulture))} MiB (the generated batches included)");
        return 0;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        var batchSize = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        var server = Environment.GetEnvironmentVariable("FACET_BENCH_POSTGRES") ?? Environment.GetEnvironmentVariable("FACET_TEST_POSTGRES");
        if (string.IsNullOrEmpty(server))
        {
            await Console.Error.WriteLineAsync("set FACET_BENCH_POSTGRES to a PostgreSQL server connection string (Host=…;Username=…), e.g. one started like ./test.sh does");
            return 2;
        }

        var batches = Generate(rows, batchSize, seed: 6);
        var warmup = Generate(batchSize, batchSize, seed: 7)[0];
        var database = "facet_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = NpgsqlDataSource.Create(server))
        {
            await using var create = admin.CreateCommand($"CREATE DATABASE {database}");
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        try
        {
            var options = new WarehouseOptions();
            var steps = new StepTimes();
            steps.Attach(options);
            await using var warehouse = await WarehouseFactory.OpenAsync(WarehouseLocation.Parse(connectionString), options, null, CancellationToken.None);
            await warehouse.MigrateAsync(CancellationToken.None);
            await using var raw = NpgsqlDataSource.Create(connectionString);
            await using (var table = raw.CreateCommand("CREATE TABLE raw_copy (LIKE fact_events)"))
            {
                await table.ExecuteNonQueryAsync();
            }

            var privacy = new PrivacyRules(options);
            await warehouse.WriteBatchAsync(warmup, CancellationToken.None);
            await RawCopyAsync(raw, warmup, options, privacy);

            var loader = TimeSpan.Zero;
            var copy = TimeSpan.Zero;
            var offset = 0L;
            foreach (var batch in batches)
            {
                copy += await RawCopyAsync(raw, batch, options, privacy);
                var advance = new CheckpointAdvance("bench", "events", 0, offset == 0 ? -1 : offset, offset + ClickstreamEvents(batch).Count);
                offset += ClickstreamEvents(batch).Count;
                var clock = Stopwatch.StartNew();
                await warehouse.WriteBatchAsync(batch with { Checkpoints = [advance] }, CancellationToken.None);
                loader += clock.Elapsed;
            }

            var replay = Stopwatch.StartNew();
            foreach (var batch in batches)
            {
                await warehouse.WriteBatchAsync(batch, CancellationToken.None);
            }

            replay.Stop();
            Console.WriteLine($"PostgreSQL steps (new + replay): {steps}");
            var duck = await DuckDbAsync(batches, warmup);

            double Rate(TimeSpan t) => rows / t.TotalSeconds;
            Console.WriteLine($"rows={rows} batch={batchSize}");
            Console.WriteLine("| measurement | rows/s |");
            Console.WriteLine("|---|---:|");
            Console.WriteLine($"| PostgreSQL raw binary COPY, unindexed table | {Rate(copy):N0} |");
            Console.WriteLine($"| PostgreSQL loader (dims + dedup + facts + rollups + checkpoint), new events | {Rate(loader):N0} |");
            Console.WriteLine($"| PostgreSQL loader, replay of the same batches (all duplicates) | {Rate(replay.Elapsed):N0} |");
            Console.WriteLine($"| DuckDB loader, new events | {Rate(duck):N0} |");
            Console.WriteLine($"loader / raw COPY = {copy.TotalSeconds / loader.TotalSeconds:0.00}");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = NpgsqlDataSource.Create(server);
            await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            await drop.ExecuteNonQueryAsync();
        }

        return 0;
    }

    private static async Task<TimeSpan> RawCopyAsync(NpgsqlDataSource raw, WarehouseBatch batch, WarehouseOptions options, PrivacyRules privacy)
    {
        // The same fact rows the loader writes (keys set to a constant: only the COPY is measured).
        var prepared = PreparedClickstream.Prepare(ClickstreamEvents(batch), options, privacy);
        foreach (var e in prepared.Events)
        {
            ((Span<int>)e.Keys).Fill(1);
        }

        var now = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        await using var connection = await raw.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var importer = await connection.BeginBinaryImportAsync($"COPY raw_copy ({string.Join(", ", FactRow.Columns)}) FROM STDIN (FORMAT BINARY)"))
        {
            var writer = new PostgresRowWriter(importer);
            foreach (var e in prepared.Events)
            {
                FactRow.Write(writer, e, now);
            }

            await importer.CompleteAsync();
        }

        await transaction.CommitAsync();
        return clock.Elapsed;
    }

    /// <summary>Time spent before each step (from the previous one), summed: where the loader's time goes.</summary>
    private sealed class StepTimes
    {
        private readonly Stopwatch _clock = new();
        private readonly double[] _seconds = new double[Enum.GetValues<WriteStep>().Length + 1];
        private int _last = -1;

        public void Attach(WarehouseOptions options) => options.BeforeStep = step =>
        {
            if (_last >= 0)
            {
                _seconds[_last] += _clock.Elapsed.TotalSeconds;
            }

            _last = step == WriteStep.Commit ? -1 : (int)step;
            _clock.Restart();
        };

        public override string ToString() =>
            string.Join(", ", Enum.GetValues<WriteStep>().Where(s => s != WriteStep.Commit).Select(s => $"{s} {_seconds[(int)s]:0.00}s")) +
            " (the commit is the rest)";
    }

    /// <summary>A <c>warehouse-load-duckdb</c> variant token: the same load into a fact table without its primary key.</summary>
    private static async Task<TimeSpan> DuckDbAsync(List<WarehouseBatch> batches, WarehouseBatch warmup) =>
        (await DuckDbAsync(batches, warmup, [""]))[0];

    private static async Task<TimeSpan[]> DuckDbAsync(List<WarehouseBatch> batches, WarehouseBatch warmup, string[] variants)
    {
        var paths = new string[variants.Length];
        var warehouses = new IWarehouse[variants.Length];
        var steps = new StepTimes[variants.Length];
        var times = new TimeSpan[variants.Length];
        try
        {
            for (var v = 0; v < variants.Length; v++)
            {
                paths[v] = Path.Combine(Path.GetTempPath(), "facet-bench-" + Guid.NewGuid().ToString("N")[..8] + ".duckdb");
                var options = new WarehouseOptions();
                steps[v] = new StepTimes();
                steps[v].Attach(options);
                warehouses[v] = await WarehouseFactory.OpenAsync(WarehouseLocation.Parse("duckdb:" + paths[v]), options, null, CancellationToken.None);
                await warehouses[v].MigrateAsync(CancellationToken.None);
                var duck = (Facet.Storage.DuckDb.DuckDbWarehouse)warehouses[v];
                foreach (var setting in variants[v].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    duck.Execute("SET " + setting);
                }

                await warehouses[v].WriteBatchAsync(warmup, CancellationToken.None);
            }

            foreach (var batch in batches)
            {
                for (var v = 0; v < variants.Length; v++)
                {
                    var clock = Stopwatch.StartNew();
                    await warehouses[v].WriteBatchAsync(batch, CancellationToken.None);
                    times[v] += clock.Elapsed;
                }
            }

            for (var v = 0; v < variants.Length; v++)
            {
                Console.WriteLine($"DuckDB steps ({(variants[v].Length == 0 ? "defaults" : variants[v])}): {steps[v]}");
            }

            return times;
        }
        finally
        {
            for (var v = 0; v < variants.Length; v++)
            {
                if (warehouses[v] is { } w)
                {
                    await w.DisposeAsync();
                }

                if (paths[v] is { } path)
                {
                    File.Delete(path);
                    File.Delete(path + ".wal");
                }
            }
        }
    }

    /// <summary>
    /// A stream-like run: event time advances ~0.25 s per event (a batch of 10k spans ~40 minutes, as a consumer's
    /// micro-batch covers recent events), products Zipf-like over 5k ids, 80 stores, 2k places, 300 user agents,
    /// 60 referrers, 50k devices; 90 % of visitors on their own country's store.
    /// </summary>
    private static List<WarehouseBatch> Generate(int rows, int batchSize, int seed) =>
        GenerateEvents(rows, batchSize, seed).ConvertAll(static events => WarehouseBatch.Clickstream(events, [], []));

    /// <summary>Batches of synthetic enriched events: skewed products, places, stores and user agents.</summary>
    internal static List<List<EnrichedEvent>> GenerateEvents(int rows, int batchSize, int seed)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
        var collections = new[] { "view_product_detail", "view_product_detail", "view_product_detail", "select_product_option", "add_to_cart_action", "product_detail_recommendation_visible" };
        var batches = new List<List<EnrichedEvent>>();
        var events = new List<EnrichedEvent>(batchSize);
        for (var i = 0; i < rows; i++)
        {
            var product = ((int)(5000 * Math.Pow(random.NextDouble(), 3))).ToString(CultureInfo.InvariantCulture);
            var place = (int)(2000 * Math.Pow(random.NextDouble(), 2));
            var store = random.Next(10) == 0 ? random.Next(80) : place % 80; // most visitors use their own country's store
            var ua = random.Next(300);
            var domain = $"glamira.s{store}";
            var shop = new ShopEvent
            {
                EventId = Guid.NewGuid().ToString(),
                SourceDocId = "5ed8cb2bc671fc36b74653ad",
                EventTime = start.AddMilliseconds((i * 250L) + random.Next(5000)),
                Collection = collections[random.Next(collections.Length)],
                Ip = "203.0.113." + random.Next(256).ToString(CultureInfo.InvariantCulture),
                UserAgent = "Mozilla/5.0",
                Resolution = "1920x1080",
                DeviceId = "device-" + random.Next(50_000).ToString(CultureInfo.InvariantCulture),
                ApiVersion = "1.0",
                StoreId = store.ToString(CultureInfo.InvariantCulture),
                CurrentUrl = $"https://www.{domain}/ring-{product}.html",
                ReferrerUrl = "https://www.google.com/",
                ProductId = product,
                Options = [new EventOption("Alloy", "1", "Gold", "7")],
                Price = 199.5m,
                Currency = "EUR",
                Position = SourcePosition.Kafka("events", 0, i),
            };
            events.Add(new EnrichedEvent(
                shop,
                new GeoLocation("C" + (place % 80).ToString(CultureInfo.InvariantCulture), "Country", "Region", "City" + place.ToString(CultureInfo.InvariantCulture)),
                new StoreInfo(domain, "DE", "de"),
                new UserAgentInfo("Browser" + (ua % 12).ToString(CultureInfo.InvariantCulture), (ua % 25).ToString(CultureInfo.InvariantCulture), "Os" + (ua % 6).ToString(CultureInfo.InvariantCulture), null, "Other", null, null, DeviceType.Desktop, ua % 50 == 0),
                new UrlInfo(domain, "Ring " + product, shop.CurrentUrl, null, null, null, null, null, null, null),
                new ReferrerInfo("ref" + random.Next(60).ToString(CultureInfo.InvariantCulture) + ".example", ReferrerMedium.Search)));
            if (events.Count == batchSize)
            {
                batches.Add(events);
                events = new List<EnrichedEvent>(batchSize);
            }
        }

        if (events.Count > 0)
        {
            batches.Add(events);
        }

        return batches;
    }

    private static IReadOnlyList<EnrichedEvent> ClickstreamEvents(WarehouseBatch batch) => ((StreamRows<EnrichedEvent>)batch.Streams[0]).Records;
}
