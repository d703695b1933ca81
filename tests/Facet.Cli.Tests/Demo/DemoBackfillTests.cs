using Facet.Cli.Demo;

namespace Facet.Cli.Tests.Demo;

public sealed class DemoBackfillTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 14, 30, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public void Plan_fills_today_from_local_midnight_on_an_empty_warehouse()
    {
        var plan = DemoBackfill.Plan(Now, Berlin, newestLoaded: null, hasViewsToday: false, rate: 2_000);

        Assert.NotNull(plan);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 23, 0, 0, TimeSpan.Zero), plan.From);
        Assert.Equal(Now, plan.To);
        Assert.InRange(plan.ExpectedEvents, DemoBackfill.MaxEvents * 0.98, DemoBackfill.MaxEvents * 1.02);
    }

    [Fact]
    public void Plan_fills_only_the_gap_after_the_newest_loaded_event()
    {
        var newest = Now.AddMinutes(-20);
        var plan = DemoBackfill.Plan(Now, TimeZoneInfo.Utc, newest, hasViewsToday: true, rate: 2_000);

        Assert.NotNull(plan);
        Assert.Equal(newest, plan.From);
        // Never denser than the live stream: 20 minutes at 2000/s would be 2.4M events, the budget is far less.
        Assert.InRange(plan.ExpectedEvents, DemoBackfill.MaxEvents * 0.98, DemoBackfill.MaxEvents * 1.02);
    }

    [Fact]
    public void Plan_is_no_denser_than_the_live_rate_for_a_short_gap()
    {
        // At 03:30 UTC the day-night curve is at its lowest: a minute of live traffic spread over two minutes would be
        // denser than the live stream there.
        var night = new DateTimeOffset(2026, 11, 22, 3, 30, 0, TimeSpan.Zero);
        var plan = DemoBackfill.Plan(night, TimeZoneInfo.Utc, night.AddMinutes(-2), hasViewsToday: true, rate: 100);

        Assert.NotNull(plan);
        Assert.Equal(100, plan.EventsPerSecond);
    }

    [Fact]
    public void Plan_returns_null_when_the_gap_is_under_a_minute()
    {
        Assert.Null(DemoBackfill.Plan(Now, TimeZoneInfo.Utc, Now.AddSeconds(-30), hasViewsToday: true, rate: 2_000));
    }

    [Fact]
    public void Plan_returns_null_when_today_has_views_but_their_end_is_unknown()
    {
        Assert.Null(DemoBackfill.Plan(Now, TimeZoneInfo.Utc, newestLoaded: null, hasViewsToday: true, rate: 2_000));
    }

    [Fact]
    public void Plan_ignores_a_newest_event_from_an_earlier_day()
    {
        var plan = DemoBackfill.Plan(Now, TimeZoneInfo.Utc, Now.AddDays(-2), hasViewsToday: false, rate: 2_000);

        Assert.NotNull(plan);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), plan.From);
    }

    [Fact]
    public void LocalDayStart_starts_a_day_that_skips_midnight_at_the_first_valid_minute()
    {
        // America/Santiago moved clocks from 00:00 to 01:00 on 2026-09-06.
        var santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");
        var start = DemoBackfill.LocalDayStart(new DateTimeOffset(2026, 9, 6, 15, 0, 0, TimeSpan.Zero), santiago);

        Assert.Equal(new DateTimeOffset(2026, 9, 6, 4, 0, 0, TimeSpan.Zero), start.ToUniversalTime());
    }
}
