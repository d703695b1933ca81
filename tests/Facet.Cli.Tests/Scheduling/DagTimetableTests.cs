using Facet.Cli.Scheduling;

namespace Facet.Cli.Tests.Scheduling;

public sealed class DagTimetableTests
{
    private static DagDefinition Dag(string cron, string zone = "Europe/Berlin", string start = "2026-01-01") =>
        PipelineFile.Parse($"dags:\n  d:\n    schedule: \"{cron}\"\n    timezone: {zone}\n    start_date: {start}\n    tasks: {{a: {{kind: shell, args: [\"true\"]}}}}\n", "t.yaml")[0];

    private static DateTime Utc(string text) => DateTime.SpecifyKind(DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);

    [Fact]
    public void A_daily_run_at_a_time_skipped_by_spring_forward_runs_when_the_clocks_jump_and_its_interval_is_shorter()
    {
        // Europe/Berlin jumps from 02:00 CET to 03:00 CEST on 2026-03-29: 02:30 does not exist that day.
        var intervals = Dag("30 2 * * *").Timetable.Between(Utc("2026-03-28T00:00:00"), Utc("2026-03-30T12:00:00"));
        Assert.Equal(
            [Utc("2026-03-28T01:30:00"), Utc("2026-03-29T01:00:00"), Utc("2026-03-30T00:30:00")],
            intervals.Select(i => i.Start));
        Assert.Equal(TimeSpan.FromHours(23.5), intervals[0].End - intervals[0].Start);
    }

    [Fact]
    public void A_midnight_daily_run_in_the_dags_zone_has_a_23_hour_interval_in_spring_and_a_25_hour_one_in_autumn()
    {
        var timetable = Dag("@daily").Timetable;
        var spring = timetable.Between(Utc("2026-03-28T23:00:00"), Utc("2026-03-28T23:00:00")).Single();
        Assert.Equal((Utc("2026-03-28T23:00:00"), Utc("2026-03-29T22:00:00")), spring);
        var autumn = timetable.Between(Utc("2026-10-24T22:00:00"), Utc("2026-10-24T22:00:00")).Single();
        Assert.Equal((Utc("2026-10-24T22:00:00"), Utc("2026-10-25T23:00:00")), autumn);
        var ds = TaskTemplate.Variables(Dag("@daily"), "a", "scheduled", autumn.Start, autumn.Start, autumn.End, 1);
        Assert.Equal("2026-10-25", ds["ds"]);
        Assert.Equal("2026-10-25T00:00:00+02:00", ds["data_interval_start"]);
        Assert.Equal("2026-10-26T00:00:00+01:00", ds["data_interval_end"]);
    }

    [Fact]
    public void An_hourly_dag_runs_both_repeated_hours_at_fall_back_and_a_daily_one_in_the_repeated_hour_runs_once()
    {
        // Europe/Berlin goes back from 03:00 CEST to 02:00 CET on 2026-10-25: the hour from 02:00 local comes twice.
        var hourly = Dag("0 * * * *").Timetable.Between(Utc("2026-10-24T22:00:00"), Utc("2026-10-25T03:00:00"));
        Assert.Equal(6, hourly.Count);
        Assert.All(hourly, i => Assert.Equal(TimeSpan.FromHours(1), i.End - i.Start));
        Assert.All(hourly.Zip(hourly.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.Start));

        var daily = Dag("30 2 * * *").Timetable.Between(Utc("2026-10-24T12:00:00"), Utc("2026-10-25T12:00:00"));
        Assert.Equal(Utc("2026-10-25T00:30:00"), Assert.Single(daily).Start);
    }

    [Fact]
    public void Catch_up_on_queues_every_missed_interval_and_off_only_the_newest()
    {
        var timetable = Dag("@daily", "UTC", "2026-11-01").Timetable;
        var now = Utc("2026-11-04T12:00:00");
        Assert.Equal(
            [Utc("2026-11-01T00:00:00"), Utc("2026-11-02T00:00:00"), Utc("2026-11-03T00:00:00")],
            timetable.DueIntervals(null, now, catchup: true, max: 100).Select(i => i.Start));
        Assert.Equal([Utc("2026-11-03T00:00:00")], timetable.DueIntervals(null, now, catchup: false, max: 100).Select(i => i.Start));
        Assert.Empty(timetable.DueIntervals(Utc("2026-11-04T00:00:00"), now, catchup: true, max: 100));
        Assert.Equal(Utc("2026-11-05T00:00:00"), timetable.NextDueAt(Utc("2026-11-04T00:00:00"), now, catchup: true));
    }
}
