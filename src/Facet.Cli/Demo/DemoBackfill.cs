using Facet.Simulation.Generation;

namespace Facet.Cli.Demo;

/// <summary>
/// The part of today that <c>facet demo</c> fills in before it streams live, so the hourly charts have the day's shape
/// from the first minute: from local midnight (in the reporting time zone) — or, on a later run, from the newest event
/// the warehouse already holds — up to now, at a lighter density than the live stream (at most
/// <see cref="MaxEvents"/> events, about a minute of live traffic), so it loads in seconds.
/// </summary>
/// <param name="From">Event time of the first backfilled event.</param>
/// <param name="To">Where the backfill ends and the live stream takes over.</param>
/// <param name="EventsPerSecond">Simulated events per second, averaged over a day (the generator's day-night curve shapes it).</param>
internal sealed record DemoBackfill(DateTimeOffset From, DateTimeOffset To, double EventsPerSecond)
{
    /// <summary>The most events a backfill sends, whatever the rate.</summary>
    public const long MaxEvents = 100_000;

    /// <summary>A backfill covers at most this many seconds of live traffic.</summary>
    public const double LiveSecondsOfTraffic = 60;

    /// <summary>Gaps shorter than this are not worth a backfill.</summary>
    public static readonly TimeSpan MinimumGap = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Plans the backfill, or returns null when there is nothing to fill. <paramref name="newestLoaded"/> is the newest
    /// event time a processor logged in the warehouse (null when none did); <paramref name="hasViewsToday"/> says whether
    /// the warehouse already has views on today's local date — with views but no known newest event (loaded by
    /// <c>facet load</c>, say), the demo does not backfill, so it never doubles a day it cannot see the end of.
    /// </summary>
    public static DemoBackfill? Plan(DateTimeOffset now, TimeZoneInfo zone, DateTimeOffset? newestLoaded, bool hasViewsToday, double rate)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        if (newestLoaded is null && hasViewsToday)
        {
            return null;
        }

        var dayStart = LocalDayStart(now, zone);
        var from = newestLoaded is { } newest && newest > dayStart ? newest : dayStart;
        var gap = now - from;
        if (gap < MinimumGap)
        {
            return null;
        }

        var events = Math.Min(MaxEvents, rate * LiveSecondsOfTraffic);
        var density = Math.Min(rate, events / (gap.TotalSeconds * MeanIntensity(from, now)));
        return new DemoBackfill(from, now, density);
    }

    /// <summary>About how many events the backfill sends (valid, duplicate and malformed).</summary>
    public long ExpectedEvents => (long)((To - From).TotalSeconds * MeanIntensity(From, To) * EventsPerSecond);

    /// <summary>The day-night curve's mean over [from, to): the generator sends EventsPerSecond × this per second there.</summary>
    private static double MeanIntensity(DateTimeOffset from, DateTimeOffset to)
    {
        const int samples = 96;
        var step = (to - from) / samples;
        var sum = 0.0;
        for (var i = 0; i < samples; i++)
        {
            sum += EventGenerator.TrafficIntensity(from + step * (i + 0.5));
        }

        return sum / samples;
    }

    /// <summary>The first instant of the local day containing <paramref name="now"/> in <paramref name="zone"/>.</summary>
    public static DateTimeOffset LocalDayStart(DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var midnight = TimeZoneInfo.ConvertTime(now, zone).Date;
        // Where a DST change skips midnight (America/Santiago in September), the day starts at the first valid minute.
        while (zone.IsInvalidTime(midnight))
        {
            midnight = midnight.AddMinutes(1);
        }

        var offsets = zone.IsAmbiguousTime(midnight) ? zone.GetAmbiguousTimeOffsets(midnight) : [zone.GetUtcOffset(midnight)];
        // An ambiguous midnight (clocks fall back across it) starts at its earlier instant: the larger offset.
        return new DateTimeOffset(midnight, offsets.Max());
    }
}
