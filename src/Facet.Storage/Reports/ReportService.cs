using System.Data.Common;
using Facet.Core.Enrichment;
using Npgsql;

namespace Facet.Storage.Reports;

/// <summary>
/// Computes the reports, the KPI cards and the pipeline panel from a warehouse, read-only (revenue, conversion and
/// funnels in ReportService.Commerce.cs and ReportService.Funnel.cs). Days and hours are
/// counted in the options' time zone: the whole-day rankings and the unique-devices KPI from the daily rollups when a
/// loader in that zone wrote the whole day; otherwise from the UTC-hour rollups when that day's offsets are whole
/// hours, else from fact_events in quarter-hour buckets. Definitions: docs/reports.md. Thread-safe; create one per warehouse.
/// </summary>
public sealed partial class ReportService : IReportSource, IAsyncDisposable
{
    private static readonly TimeSpan PipelineWindow = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan QuarterHour = TimeSpan.FromMinutes(15);

    private readonly ReportDatabase _database;
    private readonly TimeProvider _time;

    private ReportService(ReportDatabase database, TimeProvider? time)
    {
        _database = database;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Reports over the warehouse at <paramref name="location"/>. For DuckDB, <paramref name="readOnly"/> (the default)
    /// suits a process that only reads; a process that also writes the file must open its writer first or pass false.
    /// </summary>
    public static ReportService Open(WarehouseLocation location, bool readOnly = true, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location.Kind == WarehouseKind.Postgres
            ? ForPostgres(location.PostgresConnectionString!, time)
            : ForDuckDb(location.DuckDbPath!, readOnly, time);
    }

    /// <summary>Reports over a PostgreSQL warehouse; the service owns (and disposes) its own pooled data source.</summary>
    public static ReportService ForPostgres(string connectionString, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new ReportService(new PostgresReportDatabase(NpgsqlDataSource.Create(connectionString), ownsDataSource: true), time);
    }

    /// <summary>Reports over a PostgreSQL warehouse through a data source the caller owns.</summary>
    public static ReportService ForPostgres(NpgsqlDataSource dataSource, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return new ReportService(new PostgresReportDatabase(dataSource, ownsDataSource: false), time);
    }

    /// <summary>
    /// Reports over a DuckDB file. <paramref name="readOnly"/> (the default) suits a process that only reads; a
    /// process that also writes the file must open its writer first, or pass false (see <see cref="DuckDbReportDatabase"/>).
    /// </summary>
    public static ReportService ForDuckDb(string path, bool readOnly = true, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new ReportService(new DuckDbReportDatabase(Path.GetFullPath(path), readOnly), time);
    }

    /// <summary>Throws <see cref="ReportOptionsException"/> unless <paramref name="timeZone"/> is a known IANA zone.</summary>
    public static void ValidateTimeZone(string timeZone) => ReportZone.Find(timeZone);

    /// <summary>Opens a connection and reads the schema once, so a missing or locked warehouse fails here with one line.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM rollup_collection_hourly WHERE 1 = 0";
        try
        {
            await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (DbException ex)
        {
            throw new ReportWarehouseException($"the warehouse has no Facet schema ({ex.Message.Split('\n')[0].Trim()}): load events into it first", ex);
        }
    }

    public async Task<ReportResult> RunAsync(ReportKind kind, ReportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(kind, options);
        var zone = ReportZone.Find(options.TimeZone);
        await using var connection = await _database.OpenAsync(cancellationToken);
        if (Shop.ShopFlags.IsShop(kind, options.Source))
        {
            return await RunShopAsync(connection, kind, options, zone, cancellationToken);
        }

        var day = await ResolveDayAsync(connection, zone, options, cancellationToken);
        if (day is null)
        {
            return new ReportResult(kind, null, zone.Id, ReportSourceKind.Empty, []);
        }

        if (IsCommerce(kind))
        {
            return await RunCommerceAsync(connection, kind, options, zone, day.Value, cancellationToken);
        }

        var (from, to) = zone.DayRange(day.Value);
        var rollups = zone.IsWholeHours(from, to);
        if (!rollups)
        {
            EnsureQuarterHours(zone, from, to);
        }

        // Whole-day rankings read the reporting-zone daily rollups when the loader wrote this zone's whole day.
        var daily = rollups && kind is ReportKind.TopProducts or ReportKind.TopCountries or ReportKind.StoreViews
            && await IsDailyCompleteAsync(connection, zone, day.Value, from, to, cancellationToken);
        var source = daily ? "daily" : rollups ? "rollup" : "facts";
        var zoneId = zone.Zone.Id;
        var dateKey = DateKey(day.Value);
        var limit = options.Limit ?? ReportCatalog.DefaultLimitOf(kind);
        IReadOnlyList<ReportRow> rows = kind switch
        {
            ReportKind.TopProducts => await QueryAsync(
                connection, $"top_products.{source}", options, from, to,
                c =>
                {
                    Bind(c, "limit", limit);
                    BindDay(c, zoneId, dateKey);
                },
                (r, i) => new TopProductRow(i + 1, r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetInt64(2)),
                cancellationToken),
            ReportKind.TopCountries => await QueryAsync(
                connection, $"top_countries_{(options.CountryBy == CountrySource.Store ? "store" : "ip")}.{source}", options, from, to,
                c =>
                {
                    Bind(c, "limit", limit);
                    BindDay(c, zoneId, dateKey);
                },
                (r, i) => new TopCountryRow(i + 1, r.GetString(0), CountryNames.Of(r.GetString(0)), r.GetInt64(1)),
                cancellationToken),
            ReportKind.TopReferrers => await QueryAsync(
                connection, $"top_referrers.{source}", options, from, to,
                c =>
                {
                    Bind(c, "limit", limit);
                    Bind(c, "direct", ReferrerInfo.DirectHost);
                    Bind(c, "include_internal", options.IncludeInternal);
                },
                (r, i) => new TopReferrerRow(i + 1, r.GetString(0), r.GetString(1), r.GetInt64(2)),
                cancellationToken),
            ReportKind.StoreViews => await QueryAsync(
                connection, $"store_views.{source}", options, from, to,
                c =>
                {
                    Bind(c, "limit", limit);
                    Bind(c, "country", options.Country!.Trim().ToUpperInvariant());
                    BindDay(c, zoneId, dateKey);
                },
                (r, _) => new StoreViewRow(r.IsDBNull(0) ? null : r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetInt64(2)),
                cancellationToken),
            ReportKind.HourlyProductViews => HourlyViews(zone, await QueryAsync(
                connection, $"hourly_product_views.{source}", options, from, to,
                c => Bind(c, "product", options.Product!.Trim()),
                (r, _) => (Bucket: FromMicros(r.GetInt64(0)), Views: r.GetInt64(1)),
                cancellationToken)),
            ReportKind.HourlyBrowserOs => HourlyBrowserOs(zone, await QueryAsync(
                connection, $"hourly_browser_os.{source}", options, from, to,
                _ => { },
                (r, _) => (Bucket: FromMicros(r.GetInt64(0)), Browser: r.GetString(1), Os: r.GetString(2), Views: r.GetInt64(3)),
                cancellationToken)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown report."),
        };

        return new ReportResult(kind, day, zone.Id, daily ? ReportSourceKind.DailyRollups : rollups ? ReportSourceKind.Rollups : ReportSourceKind.Facts, rows);
    }

    /// <summary>The concrete day that <see cref="ReportOptions.Date"/> names in its zone; null for <c>latest</c> when there are no views.</summary>
    public async Task<DateOnly?> ResolveDayAsync(ReportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ValidateCommon(options);
        var zone = ReportZone.Find(options.TimeZone);
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await ResolveDayAsync(connection, zone, options, cancellationToken);
    }

    /// <summary>
    /// KPI cards for the options' day. When that day is today the window ends now and is compared with yesterday up to
    /// the same local time; otherwise the whole day is compared with the whole day before.
    /// </summary>
    public async Task<KpiSnapshot> GetKpisAsync(ReportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ValidateCommon(options);
        var zone = ReportZone.Find(options.TimeZone);
        await using var connection = await _database.OpenAsync(cancellationToken);
        var now = _time.GetUtcNow().UtcDateTime;
        var day = await ResolveDayAsync(connection, zone, options, cancellationToken) ?? zone.LocalDate(now);
        var (start, end) = zone.DayRange(day);
        var (previousStart, _) = zone.DayRange(day.AddDays(-1));
        DateTime windowEnd, previousEnd;
        var isToday = day == zone.LocalDate(now);
        if (isToday)
        {
            windowEnd = now;
            previousEnd = SameLocalTimeYesterday(zone, now);
        }
        else
        {
            windowEnd = end;
            previousEnd = start;
        }

        var (humans, bots) = await CountViewsAsync(connection, options, start, windowEnd, cancellationToken);
        var (previousHumans, previousBots) = await CountViewsAsync(connection, options, previousStart, previousEnd, cancellationToken);
        long? devices;
        if (zone.IsWholeHours(start, end) && await IsDailyCompleteAsync(connection, zone, day, start, end, cancellationToken))
        {
            await using var command = Command(connection, "unique_devices.device_days", 0);
            BindCommon(command, options);
            BindRange(command, start, windowEnd);
            BindDay(command, zone.Zone.Id, DateKey(day));
            devices = ToNullableInt64(await command.ExecuteScalarAsync(cancellationToken));
        }
        else
        {
            devices = await ScalarAsync(connection, "unique_devices.facts", options, start, windowEnd, cancellationToken);
        }

        var bad = await ScalarAsync(connection, "bad_events.count", options, start, windowEnd, cancellationToken);
        var total = humans + bots;
        return new KpiSnapshot(
            day,
            isToday,
            zone.Id,
            new DateTimeOffset(start),
            new DateTimeOffset(windowEnd),
            options.IncludeBots ? total : humans,
            options.IncludeBots ? previousHumans + previousBots : previousHumans,
            devices ?? 0,
            total == 0 ? 0 : (double)bots / total,
            bad ?? 0);
    }

    /// <summary>The pipeline panel from <c>pipeline_batches</c>; empty figures when no processor has logged a batch.</summary>
    public async Task<PipelineStatus> GetPipelineAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var now = _time.GetUtcNow().UtcDateTime;

        PipelineBatch? last = null;
        await using (var command = Command(connection, "pipeline.last_batch", 0))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                last = new PipelineBatch(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    new DateTimeOffset(FromMicros(reader.GetInt64(2))),
                    new DateTimeOffset(FromMicros(reader.GetInt64(3))),
                    reader.GetInt32(4),
                    reader.GetInt32(5),
                    reader.GetInt32(6),
                    reader.GetInt32(7),
                    reader.IsDBNull(8) ? null : reader.GetInt64(8),
                    reader.IsDBNull(9) ? null : new DateTimeOffset(FromMicros(reader.GetInt64(9))));
            }
        }

        long consumed = 0;
        long? lag = null;
        var workers = 0;
        await using (var command = Command(connection, "pipeline.recent", 0))
        {
            Bind(command, "since", _database.Timestamp(now - PipelineWindow));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                workers++;
                consumed += reader.GetInt64(1);
                if (!reader.IsDBNull(2))
                {
                    lag = (lag ?? 0) + reader.GetInt64(2);
                }
            }
        }

        if (workers == 0)
        {
            lag = last?.ConsumerLag;
        }

        long? freshest;
        await using (var command = Command(connection, "pipeline.freshest", 0))
        {
            freshest = ToNullableInt64(await command.ExecuteScalarAsync(cancellationToken));
        }

        double? freshness = freshest is { } us && workers > 0 ? Math.Max(0, (now - FromMicros(us)).TotalSeconds) : null;
        return new PipelineStatus(new DateTimeOffset(now), consumed / PipelineWindow.TotalSeconds, lag, freshness, workers, last)
        {
            NewestEventTime = freshest is { } newest ? new DateTimeOffset(FromMicros(newest)) : null,
        };
    }

    public async Task<DataVersion> GetDataVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = Command(connection, "data_version", 0);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new DataVersion(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2))
            {
                Clickstream = new FamilyVersion(reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5)) { PendingDerived = reader.GetInt64(12) },
                Commerce = new FamilyVersion(reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8)),
                Windows = new FamilyVersion(reader.GetInt64(9), reader.GetInt64(10), reader.GetInt64(11)),
                PendingDerived = reader.GetInt64(12),
            }
            : default;
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private static void Validate(ReportKind kind, ReportOptions options)
    {
        ValidateCommon(options);
        Shop.ShopFlags.Validate(kind, options);
        ValidateRange(kind, options);
        if (kind == ReportKind.StoreViews && (options.Country is null || options.Country.Trim().Length != 2))
        {
            throw new ReportOptionsException(options.Country is null
                ? "store-views needs --country CC (an ISO 3166 alpha-2 code, e.g. --country DE)"
                : $"--country must be an ISO 3166 alpha-2 code such as DE (got '{options.Country}')");
        }

        if (kind == ReportKind.HourlyProductViews && string.IsNullOrWhiteSpace(options.Product))
        {
            throw new ReportOptionsException("hourly-product-views needs --product ID (a product id, e.g. --product 100236)");
        }
    }

    private static void ValidateCommon(ReportOptions options)
    {
        if (options.Limit is < 1 or > 100_000)
        {
            throw new ReportOptionsException($"--limit must be between 1 and 100000 (got {options.Limit})");
        }

        if (options.ViewCollections.Count == 0 || options.ViewCollections.Any(string.IsNullOrWhiteSpace))
        {
            throw new ReportOptionsException("the view collections must name at least one collection, e.g. view_product_detail");
        }
    }

    private static void EnsureQuarterHours(ReportZone zone, DateTime from, DateTime to)
    {
        for (var t = from; t < to; t += QuarterHour)
        {
            if (zone.Zone.GetUtcOffset(t).Ticks % QuarterHour.Ticks != 0)
            {
                throw new ReportOptionsException($"time zone '{zone.Id}' has offset {zone.Zone.GetUtcOffset(t)} on that day: only offsets in whole quarter hours are supported");
            }
        }
    }

    private async Task<DateOnly?> ResolveDayAsync(DbConnection connection, ReportZone zone, ReportOptions options, CancellationToken cancellationToken)
    {
        switch (options.Date.Kind)
        {
            case ReportDateKind.Day:
                return options.Date.Day;
            case ReportDateKind.Today:
                return zone.LocalDate(_time.GetUtcNow().UtcDateTime);
        }

        await using var command = Command(connection, "latest_view.rollup", options.ViewCollections.Count);
        BindCommon(command, options);
        if (ToNullableInt64(await command.ExecuteScalarAsync(cancellationToken)) is not { } hourUs)
        {
            return null;
        }

        var hour = FromMicros(hourUs);
        if (zone.Zone.GetUtcOffset(hour).Ticks % TimeSpan.TicksPerHour == 0)
        {
            return zone.LocalDate(hour);
        }

        // A non-whole-hour offset splits the hour across two local dates: the latest view itself decides.
        await using var refine = Command(connection, "latest_view.facts", options.ViewCollections.Count);
        BindCommon(refine, options);
        BindRange(refine, hour, hour.AddHours(1));
        return ToNullableInt64(await refine.ExecuteScalarAsync(cancellationToken)) is { } us ? zone.LocalDate(FromMicros(us)) : zone.LocalDate(hour);
    }

    /// <summary>(human, bot) views in [from, to): whole UTC hours from the rollup, partial hours at the edges from facts.</summary>
    private async Task<(long Humans, long Bots)> CountViewsAsync(DbConnection connection, ReportOptions options, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        if (to <= from)
        {
            return (0, 0);
        }

        var firstHour = CeilingHour(from);
        var lastHour = FloorHour(to);
        if (firstHour >= lastHour)
        {
            return await ViewsByBotAsync(connection, "views_by_bot.facts", options, from, to, cancellationToken);
        }

        var middle = await ViewsByBotAsync(connection, "views_by_bot.rollup", options, firstHour, lastHour, cancellationToken);
        var head = from < firstHour ? await ViewsByBotAsync(connection, "views_by_bot.facts", options, from, firstHour, cancellationToken) : (0, 0);
        var tail = lastHour < to ? await ViewsByBotAsync(connection, "views_by_bot.facts", options, lastHour, to, cancellationToken) : (0, 0);
        return (middle.Humans + head.Humans + tail.Humans, middle.Bots + head.Bots + tail.Bots);
    }

    private async Task<(long Humans, long Bots)> ViewsByBotAsync(DbConnection connection, string name, ReportOptions options, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(connection, name, options, from, to, _ => { }, (r, _) => (IsBot: r.GetBoolean(0), Views: r.GetInt64(1)), cancellationToken);
        long humans = 0, bots = 0;
        foreach (var (isBot, views) in rows)
        {
            if (isBot)
            {
                bots += views;
            }
            else
            {
                humans += views;
            }
        }

        return (humans, bots);
    }

    /// <summary>
    /// Whether the daily rollups of the request's zone hold every fact of <paramref name="day"/> = [from, to): only a
    /// loader whose reporting time zone is that zone writes them (the migration back-fills zone UTC). See docs/reports.md.
    /// </summary>
    private async Task<bool> IsDailyCompleteAsync(DbConnection connection, ReportZone zone, DateOnly day, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, "daily_complete", 0);
        BindRange(command, from, to);
        BindDay(command, zone.Zone.Id, DateKey(day));
        return ToNullableInt64(await command.ExecuteScalarAsync(cancellationToken)) == 1;
    }

    private void BindDay(DbCommand command, string zoneId, int dateKey)
    {
        Bind(command, "zone", zoneId);
        Bind(command, "date_key", dateKey);
    }

    private static int DateKey(DateOnly day) => (day.Year * 10000) + (day.Month * 100) + day.Day;

    private async Task<long?> ScalarAsync(DbConnection connection, string name, ReportOptions options, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, name, options.ViewCollections.Count);
        BindCommon(command, options);
        BindRange(command, from, to);
        return ToNullableInt64(await command.ExecuteScalarAsync(cancellationToken));
    }

    private async Task<List<T>> QueryAsync<T>(
        DbConnection connection,
        string name,
        ReportOptions options,
        DateTime from,
        DateTime to,
        Action<DbCommand> bind,
        Func<DbDataReader, int, T> map,
        CancellationToken cancellationToken)
    {
        await using var command = Command(connection, name, options.ViewCollections.Count);
        BindCommon(command, options);
        BindRange(command, from, to);
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader, rows.Count));
        }

        return rows;
    }

    private DbCommand Command(DbConnection connection, string name, int viewCount)
    {
        var command = connection.CreateCommand();
        command.CommandText = ReportSqlText.Get(_database.Dialect, _database.ParameterPrefix, name, viewCount);
        return command;
    }

    // Each dialect's SQL names only the parameters it uses; DuckDB rejects unused ones, so bind by what the text mentions.
    private void Bind(DbCommand command, string name, object? value)
    {
        if (command.CommandText.Contains(_database.ParameterPrefix + name, StringComparison.Ordinal))
        {
            command.Parameters.Add(_database.CreateParameter(name, value));
        }
    }

    private void BindCommon(DbCommand command, ReportOptions options)
    {
        for (var i = 0; i < options.ViewCollections.Count; i++)
        {
            Bind(command, "v" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), options.ViewCollections[i]);
        }

        Bind(command, "include_bots", options.IncludeBots);
    }

    private void BindRange(DbCommand command, DateTime from, DateTime to)
    {
        Bind(command, "from", _database.Timestamp(from));
        Bind(command, "to", _database.Timestamp(to));
    }

    private static List<ReportRow> HourlyViews(ReportZone zone, List<(DateTime Bucket, long Views)> buckets)
    {
        var hours = new long[24];
        foreach (var (bucket, views) in buckets)
        {
            hours[zone.LocalHour(bucket)] += views;
        }

        var rows = new List<ReportRow>(24);
        for (var hour = 0; hour < 24; hour++)
        {
            rows.Add(new HourlyViewRow(hour, hours[hour]));
        }

        return rows;
    }

    private static List<ReportRow> HourlyBrowserOs(ReportZone zone, List<(DateTime Bucket, string Browser, string Os, long Views)> buckets)
    {
        var totals = new Dictionary<(int Hour, string Browser, string Os), long>();
        foreach (var (bucket, browser, os, views) in buckets)
        {
            var key = (zone.LocalHour(bucket), browser, os);
            totals[key] = totals.GetValueOrDefault(key) + views;
        }

        var keys = totals.Keys.ToList();
        keys.Sort(static (a, b) =>
        {
            var c = a.Hour.CompareTo(b.Hour);
            c = c != 0 ? c : string.CompareOrdinal(a.Browser, b.Browser);
            return c != 0 ? c : string.CompareOrdinal(a.Os, b.Os);
        });
        var rows = new List<ReportRow>(keys.Count);
        foreach (var key in keys)
        {
            rows.Add(new HourlyBrowserOsRow(key.Hour, key.Browser, key.Os, totals[key]));
        }

        return rows;
    }

    private static DateTime SameLocalTimeYesterday(ReportZone zone, DateTime nowUtc)
    {
        var local = zone.ToLocal(nowUtc).AddDays(-1);
        if (zone.Zone.IsInvalidTime(local))
        {
            // The clock skipped that time yesterday (spring forward): the first instant after the gap.
            local = local.AddHours(1);
        }

        return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone.Zone);
    }

    private static DateTime CeilingHour(DateTime t)
    {
        var floor = FloorHour(t);
        return floor == t ? t : floor.AddHours(1);
    }

    private static DateTime FloorHour(DateTime t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc);

    private static DateTime FromMicros(long us) => DateTime.UnixEpoch.AddTicks(us * 10);

    private static long? ToNullableInt64(object? value) => value is null or DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
}
