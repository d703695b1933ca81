using System.Globalization;
using Facet.Core.Events;
using Facet.Storage.Reports;

namespace Facet.Storage.Tests.Reports;

/// <summary>
/// Every report, KPI and the pipeline panel against the same computation over the raw events, on each backend
/// (PostgreSQL and DuckDB subclasses), in time zones with DST changes and non-whole-hour offsets.
/// </summary>
public abstract class ReportQueryTests(ReportFixture fixture)
{
    private static readonly ReportKind[] AllKinds = ReportOracle.ViewKinds;

    public static TheoryData<string, string, bool, string> Days => new()
    {
        { "UTC", "2024-03-31", false, "daily" },               // loaded in UTC: the daily rollups
        { "UTC", "2024-10-26", true, "daily" },
        { "Europe/Berlin", "2024-09-08", true, "daily" },       // loaded by the Europe/Berlin loader
        { "UTC", "2024-09-08", false, "rollups" },              // ... so its UTC days come from the hourly rollups
        { "Europe/Berlin", "2024-03-31", false, "rollups" },   // 23 hours: 02:00 does not exist
        { "Europe/Berlin", "2024-10-27", true, "rollups" },    // 25 hours: 02:00 twice
        { "America/Santiago", "2024-09-08", false, "rollups" }, // midnight skipped: the day starts at 01:00
        { "America/New_York", "2024-09-08", true, "rollups" },
        { "Asia/Kolkata", "2024-10-27", false, "facts" },     // +05:30: served from fact_events
        { "Australia/Adelaide", "2024-03-31", true, "facts" }, // +10:30 daylight time
    };

    [Theory]
    [MemberData(nameof(Days))]
    public async Task Every_report_equals_the_computation_over_raw_facts(string tz, string date, bool includeBots, string source)
    {
        var day = DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var options = new ReportOptions { Date = ReportDate.On(day), TimeZone = tz, IncludeBots = includeBots };
        var topProduct = ((TopProductRow)ReportOracle.Run(fixture.Events, ReportKind.TopProducts, options, day)[0]).ProductId;
        var topCountry = ((TopCountryRow)ReportOracle.Run(fixture.Events, ReportKind.TopCountries, options, day)[0]).CountryCode;
        options = options with { Product = topProduct, Country = topCountry };
        foreach (var kind in AllKinds)
        {
            var expected = ReportOracle.Run(fixture.Events, kind, options, day);
            var actual = await fixture.Reports.RunAsync(kind, options);
            Assert.Equal(day, actual.Day);
            Assert.Equal(source == "daily" ? ReportOracle.DailySource(kind).ToString().ToLowerInvariant() : source, actual.Source.ToString().ToLowerInvariant());
            Assert.True(expected.Count > 0, $"{kind}: the scenario has no data for {date} in {tz}");
            Assert.Equal(expected, actual.Rows);
        }
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Europe/Berlin")]
    [InlineData("Asia/Kolkata")]
    public async Task Top_countries_by_store_and_longer_limits_equal_the_raw_computation(string tz)
    {
        var day = new DateOnly(2024, 10, 26);
        foreach (var options in new[]
        {
            new ReportOptions { Date = ReportDate.On(day), TimeZone = tz, CountryBy = CountrySource.Store },
            new ReportOptions { Date = ReportDate.On(day), TimeZone = tz, Limit = 300 },
        })
        {
            Assert.Equal(ReportOracle.Run(fixture.Events, ReportKind.TopCountries, options, day), (await fixture.Reports.RunAsync(ReportKind.TopCountries, options)).Rows);
        }

    }

    [Theory]
    [InlineData("UTC", "2024-10-26")]
    [InlineData("Europe/Berlin", "2024-03-31")]
    [InlineData("Asia/Kolkata", "2024-10-27")]
    public async Task Top_referrers_rank_external_sources_by_default_and_internal_hosts_only_on_request(string tz, string date)
    {
        var day = DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var external = new ReportOptions { Date = ReportDate.On(day), TimeZone = tz, Limit = 50 };
        var rows = (await fixture.Reports.RunAsync(ReportKind.TopReferrers, external)).Rows.Cast<TopReferrerRow>().ToList();
        Assert.Equal(ReportOracle.Run(fixture.Events, ReportKind.TopReferrers, external, day), rows);
        Assert.DoesNotContain(rows, r => r.Referrer == "(direct)" || r.IsInternal);
        Assert.Equal(["email", "search", "social"], rows.Select(r => r.Medium).Distinct().Order(StringComparer.Ordinal));

        var all = external with { IncludeInternal = true };
        var withInternal = (await fixture.Reports.RunAsync(ReportKind.TopReferrers, all)).Rows.Cast<TopReferrerRow>().ToList();
        Assert.Equal(ReportOracle.Run(fixture.Events, ReportKind.TopReferrers, all, day), withInternal);
        Assert.Contains(withInternal, r => r.Referrer == "glamira.de" && r.IsInternal);
        Assert.Equal(rows, withInternal.Where(r => !r.IsInternal).Select((r, i) => r with { Rank = i + 1 }));
    }

    [Fact]
    public async Task Hourly_product_views_have_24_hours_and_sum_to_the_day_on_23_and_25_hour_days()
    {
        foreach (var (date, hours) in new[] { (new DateOnly(2024, 3, 31), 23), (new DateOnly(2024, 10, 27), 25) })
        {
            var options = new ReportOptions { Date = ReportDate.On(date), TimeZone = "Europe/Berlin", Product = "1000" };
            var rows = (await fixture.Reports.RunAsync(ReportKind.HourlyProductViews, options)).Rows.Cast<HourlyViewRow>().ToList();
            Assert.Equal(Enumerable.Range(0, 24), rows.Select(r => r.Hour));
            var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
            var dayViews = ReportOracle.Views(fixture.Events, options).Count(e => e.Event.ProductId == "1000" && ReportOracle.LocalDate(e, zone) == date);
            Assert.Equal(dayViews, rows.Sum(r => r.Views));
            if (hours == 23)
            {
                Assert.Equal(0, rows[2].Views); // 02:00–03:00 never happened
            }
        }
    }

    [Fact]
    public async Task Ties_are_broken_by_the_key_ascending()
    {
        var options = new ReportOptions { Date = ReportDate.On(ReportFixture.TieDay) };
        var rows = (await fixture.Reports.RunAsync(ReportKind.TopProducts, options)).Rows.Cast<TopProductRow>().ToList();
        Assert.Equal(["1000", "1001", "999"], rows.Select(r => r.ProductId));
        Assert.Equal([1, 2, 3], rows.Select(r => r.Rank));
        Assert.All(rows, r => Assert.Equal(3, r.Views));
    }

    [Theory]
    [InlineData("UTC", false)]
    [InlineData("Pacific/Kiritimati", false)] // +14: the last views fall on the next local day
    [InlineData("Asia/Kathmandu", true)]      // +05:45
    public async Task Latest_is_the_most_recent_day_with_views_in_the_time_zone(string tz, bool includeBots)
    {
        var options = new ReportOptions { TimeZone = tz, IncludeBots = includeBots };
        var expected = ReportOracle.Latest(fixture.Events, options);
        Assert.Equal(expected, await fixture.Reports.ResolveDayAsync(options));
        var result = await fixture.Reports.RunAsync(ReportKind.TopProducts, options);
        Assert.Equal(expected, result.Day);
        Assert.Equal(ReportOracle.Run(fixture.Events, ReportKind.TopProducts, options, expected!.Value), result.Rows);
    }

    [Fact]
    public async Task Today_is_the_clock_date_in_the_time_zone()
    {
        Assert.Equal(new DateOnly(2024, 10, 27), await fixture.Reports.ResolveDayAsync(new ReportOptions { Date = ReportDate.Today }));
        Assert.Equal(new DateOnly(2024, 10, 28), await fixture.Reports.ResolveDayAsync(new ReportOptions { Date = ReportDate.Today, TimeZone = "Pacific/Kiritimati" }));
    }

    [Theory]
    [InlineData("UTC", false)]
    [InlineData("Europe/Berlin", true)]
    [InlineData("Asia/Kolkata", false)]
    public async Task Kpis_for_today_compare_with_yesterday_up_to_the_same_local_time(string tz, bool includeBots)
    {
        var options = new ReportOptions { Date = ReportDate.Today, TimeZone = tz, IncludeBots = includeBots };
        var kpis = await fixture.Reports.GetKpisAsync(options);

        var zone = TimeZoneInfo.FindSystemTimeZoneById(tz);
        var now = ReportFixture.Now;
        var localNow = TimeZoneInfo.ConvertTime(now, zone);
        var today = DateOnly.FromDateTime(localNow.DateTime);
        var yesterdaySameTime = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(localNow.DateTime.AddDays(-1), DateTimeKind.Unspecified), zone);
        var all = fixture.Events.Where(e => e.Event.Collection == ReportOptions.DefaultViewCollection).ToList();
        var todays = all.Where(e => ReportOracle.LocalDate(e, zone) == today && e.Event.EventTime < now).ToList();
        var yesterdays = all.Where(e => ReportOracle.LocalDate(e, zone) == today.AddDays(-1) && e.Event.EventTime.UtcDateTime < yesterdaySameTime).ToList();
        var devices = fixture.Events.Where(e => ReportOracle.LocalDate(e, zone) == today && e.Event.EventTime < now && (includeBots || !e.IsBot) && e.Event.DeviceId is not null)
            .Select(e => e.Event.DeviceId).Distinct().Count();

        Assert.True(kpis.IsToday);
        Assert.Equal(today, kpis.Day);
        Assert.Equal(todays.LongCount(e => includeBots || !e.IsBot), kpis.Views);
        Assert.Equal(yesterdays.LongCount(e => includeBots || !e.IsBot), kpis.ViewsPrevious);
        Assert.True(kpis.ViewsPrevious > 0);
        Assert.Equal((double)todays.Count(e => e.IsBot) / todays.Count, kpis.BotShare, 9);
        Assert.Equal(devices, kpis.UniqueDevices);
        Assert.Equal(ReportFixture.Rejections, kpis.BadEvents);
    }

    [Theory]
    [InlineData("UTC", "2024-03-31", false)]           // daily device rows of the UTC loader
    [InlineData("UTC", "2024-10-26", true)]
    [InlineData("Europe/Berlin", "2024-09-08", true)]  // daily device rows of the Europe/Berlin loader
    [InlineData("Europe/Berlin", "2024-09-07", false)]
    [InlineData("UTC", "2024-09-08", true)]            // no complete UTC rows for that day: counted over fact_events
    [InlineData("Asia/Kolkata", "2024-03-31", false)]
    public async Task Kpi_unique_devices_equal_the_distinct_device_ids_of_the_day(string tz, string date, bool includeBots)
    {
        var day = DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var kpis = await fixture.Reports.GetKpisAsync(new ReportOptions { Date = ReportDate.On(day), TimeZone = tz, IncludeBots = includeBots });
        var zone = TimeZoneInfo.FindSystemTimeZoneById(tz);
        var devices = fixture.Events.Where(e => ReportOracle.LocalDate(e, zone) == day && (includeBots || !e.IsBot) && e.Event.DeviceId is not null)
            .Select(e => e.Event.DeviceId).Distinct(StringComparer.Ordinal).Count();
        Assert.True(devices > 0);
        Assert.Equal(devices, kpis.UniqueDevices);
    }

    [Fact]
    public async Task Kpis_for_a_past_day_compare_whole_days()
    {
        var day = new DateOnly(2024, 3, 31);
        var kpis = await fixture.Reports.GetKpisAsync(new ReportOptions { Date = ReportDate.On(day), TimeZone = "Europe/Berlin" });
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var views = ReportOracle.Views(fixture.Events, new ReportOptions()).ToList();
        Assert.False(kpis.IsToday);
        Assert.Equal(views.LongCount(e => ReportOracle.LocalDate(e, zone) == day), kpis.Views);
        Assert.Equal(views.LongCount(e => ReportOracle.LocalDate(e, zone) == day.AddDays(-1)), kpis.ViewsPrevious);
        Assert.Equal(TimeSpan.FromHours(23), kpis.WindowEnd - kpis.WindowStart);
        Assert.Equal(0, kpis.BadEvents);
    }

    [Fact]
    public async Task Pipeline_panel_reads_throughput_lag_freshness_and_the_last_batch()
    {
        var pipeline = await fixture.Reports.GetPipelineAsync();
        Assert.Equal(fixture.LoggedBatches * 2000 / 60.0, pipeline.EventsPerSecond, 6);
        Assert.Equal(ReportFixture.Lag, pipeline.ConsumerLag);
        Assert.Equal(1, pipeline.ActiveWorkers);
        var newest = fixture.Events.Max(e => e.Event.EventTime);
        Assert.Equal((ReportFixture.Now - newest).TotalSeconds, pipeline.FreshnessSeconds!.Value, 3);
        Assert.Equal(newest, pipeline.NewestEventTime);
        var last = Assert.IsType<PipelineBatch>(pipeline.LastBatch);
        Assert.Equal("worker-a", last.WorkerId);
        Assert.Equal(ReportFixture.Now.AddSeconds(-10), last.CommittedAt);
        Assert.Equal(fixture.LastBatchInserted, last.Inserted);
    }

    // Issue 23: a rejected line has no trustworthy event time; it counts on the day it arrived, by reason.
    [Fact]
    public async Task Bad_events_count_by_arrival_day_with_their_reasons_and_read_back_whole()
    {
        var arrival = DateOnly.FromDateTime(ReportFixture.Now.UtcDateTime);
        var latest = await fixture.Reports.GetBadEventsAsync(new ReportOptions());
        Assert.Equal(arrival, latest.Day);
        Assert.Equal(ReportFixture.Rejections, latest.Total);
        Assert.Equal([new BadEventReasonCount(RejectionCodes.InvalidJson, ReportFixture.Rejections)], latest.ByReason);
        var before = await fixture.Reports.GetBadEventsAsync(new ReportOptions { Date = ReportDate.On(arrival.AddDays(-1)) });
        Assert.Equal(0, before.Total);
        Assert.Empty(before.ByReason);

        var rows = new List<BadEventRecord>();
        await foreach (var row in fixture.Reports.ReadBadEventsAsync(new ReportOptions { Date = ReportDate.On(arrival) }))
        {
            rows.Add(row);
        }

        Assert.Equal(Enumerable.Range(0, ReportFixture.Rejections).Select(i => (long)i), rows.Select(r => r.Offset).Order());
        Assert.All(rows, r =>
        {
            Assert.Equal(("report-test", 1, RejectionCodes.InvalidJson, "not JSON", (string?)null), (r.Source, r.Partition, r.ReasonCode, r.Message, r.Field));
            Assert.Equal("{oops"u8.ToArray(), r.Raw.ToArray());
            Assert.Equal(arrival, DateOnly.FromDateTime(r.ReceivedAt.UtcDateTime));
        });
    }

    [Fact]
    public async Task Bad_options_fail_with_one_line_naming_the_fix()
    {
        var missingCountry = await Assert.ThrowsAsync<ReportOptionsException>(() => fixture.Reports.RunAsync(ReportKind.StoreViews, new ReportOptions()));
        Assert.Contains("--country", missingCountry.Message, StringComparison.Ordinal);
        var missingProduct = await Assert.ThrowsAsync<ReportOptionsException>(() => fixture.Reports.RunAsync(ReportKind.HourlyProductViews, new ReportOptions()));
        Assert.Contains("--product", missingProduct.Message, StringComparison.Ordinal);
        var zone = await Assert.ThrowsAsync<ReportOptionsException>(() => fixture.Reports.RunAsync(ReportKind.TopProducts, new ReportOptions { TimeZone = "Mars/Olympus" }));
        Assert.Equal("unknown time zone 'Mars/Olympus': use an IANA name such as UTC, Europe/Berlin or America/Santiago", zone.Message);
        await Assert.ThrowsAsync<ReportOptionsException>(() => fixture.Reports.RunAsync(ReportKind.TopProducts, new ReportOptions { Limit = 0 }));
    }

    [Fact]
    public async Task Input_is_bound_as_parameters_not_spliced_into_sql()
    {
        var options = new ReportOptions { Date = ReportDate.On(new DateOnly(2024, 3, 31)), Product = "1000' OR '1'='1", ViewCollections = ["view_product_detail') OR ('1'='1"] };
        var rows = (await fixture.Reports.RunAsync(ReportKind.HourlyProductViews, options)).Rows.Cast<HourlyViewRow>();
        Assert.All(rows, r => Assert.Equal(0, r.Views));
    }

    [Fact]
    public async Task Latest_on_an_empty_selection_returns_no_day_and_no_rows()
    {
        var result = await fixture.Reports.RunAsync(ReportKind.TopProducts, new ReportOptions { ViewCollections = ["no_such_collection"] });
        Assert.Null(result.Day);
        Assert.Equal(ReportSourceKind.Empty, result.Source);
        Assert.Empty(result.Rows);
    }
}
