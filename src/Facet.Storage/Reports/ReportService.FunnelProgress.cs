using System.Data.Common;
using System.Globalization;
using Facet.Storage.Reports.Commerce;

namespace Facet.Storage.Reports;

/// <summary>
/// The funnel report from <c>funnel_progress</c> (V014), which the batch transaction keeps for the stored funnels
/// (<see cref="StoredFunnels"/>): each device's first entry of the range is a filter on that table (no per-device
/// sort), counted in SQL per steps reached, step times and the member the breakdown needs; only converted devices
/// come back (almost) one by one, for the exact medians. Served when the funnel is a stored one, bots are left out (the
/// table holds human events only), the range starts on a UTC quarter hour and V014's back-fill has finished; anything
/// else reads the facts (<see cref="FunnelAsync"/>). docs/reports.md, "Funnels".
/// </summary>
public sealed partial class ReportService
{
    private const long QuarterTicks = TimeSpan.TicksPerMinute * 15;

    /// <summary>Ranges up to two days (a day and its time zone's offsets) are read without parallel workers.</summary>
    private static readonly TimeSpan SerialReadRange = TimeSpan.FromDays(2);

    /// <summary>The stored funnel's id when the progress table can answer, else null.</summary>
    private async Task<int?> ProgressFunnelIdAsync(DbConnection connection, ReportOptions options, FunnelDefinition funnel, DateTime from, CancellationToken cancellationToken)
    {
        if (options.IncludeBots || from.Ticks % QuarterTicks != 0 || StoredFunnels.IdOf(funnel) is not { } id)
        {
            return null;
        }

        await using var command = Command(connection, "funnel.backfill_pending", 0);
        return ToNullableInt64(await command.ExecuteScalarAsync(cancellationToken)) is 0 ? id : null;
    }

    private async Task<List<ReportRow>> FunnelFromProgressAsync(
        DbConnection connection, ReportOptions options, FunnelDefinition funnel, int funnelId, CommerceBreakdown breakdown, DateTime from, DateTime to,
        Dictionary<string, EventAttributes>? landing, CancellationToken cancellationToken)
    {
        var counter = new FunnelCounter(funnel, ToMicros(from), ToMicros(to));
        var byDevice = landing is not null;
        // A day's candidates are read faster without parallel workers than with them (ReportDatabase.BeginSerialReadAsync).
        await using var serial = to - from <= SerialReadRange ? await _database.BeginSerialReadAsync(connection, cancellationToken) : null;
        await using var command = Command(connection, byDevice ? "funnel.progress_devices" : "funnel.progress", 0);
        command.Transaction = serial;
        Bind(command, "funnel_id", funnelId);
        Bind(command, "by", CommerceBreakdowns.NameOf(breakdown));
        BindRange(command, from, to);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var none = new EventAttributes(null, null, null, "", "");
        while (await reader.ReadAsync(cancellationToken))
        {
            if (byDevice)
            {
                // Medium and campaign: the device's landing of the range, as on the facts path.
                var device = reader.GetString(0);
                var key = (string)BreakdownKey(breakdown, null, default, device, none, landing);
                counter.AddReached(key, Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture), Gaps(NullableString(reader, 2)), 1);
            }
            else
            {
                // Only the member the breakdown needs is joined; the others are null and not looked at.
                var attributes = new EventAttributes(NullableString(reader, 0), NullableString(reader, 1), NullableString(reader, 2), NullableString(reader, 3) ?? "", NullableString(reader, 4) ?? "");
                var key = (string)BreakdownKey(breakdown, null, default, null, attributes, null);
                counter.AddReached(key, Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture), Gaps(NullableString(reader, 6)), reader.GetInt64(7));
            }
        }

        return counter.Rows(options.Limit);
    }

    /// <summary>funnel_progress.convert_us: µs from step k to k+1, comma-separated (null below two steps).</summary>
    private static long[] Gaps(string? text) =>
        text is null ? [] : [.. text.Split(',').Select(static g => long.Parse(g, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))];
}
