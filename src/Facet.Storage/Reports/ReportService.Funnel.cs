using System.Data.Common;
using Facet.Core.Events;
using Facet.Storage.Reports.Commerce;

namespace Facet.Storage.Reports;

/// <summary>
/// The funnel report (issue 21): one ordered query of the step collections' facts in [from, to + window), read as a
/// stream and counted one device at a time in C# (<see cref="FunnelCounter"/>). A per-device pass is exact for both
/// modes, the window and the medians, where SQL window functions would need one self-join per step; the cost is
/// reading the day's step events (measured in BENCHMARKS.md, "Issue 21").
/// </summary>
public sealed partial class ReportService
{
    private async Task<List<ReportRow>> FunnelAsync(
        DbConnection connection, ReportOptions options, FunnelDefinition funnel, CommerceBreakdown breakdown, DateTime from, DateTime to,
        Dictionary<string, EventAttributes>? landing, CancellationToken cancellationToken)
    {
        var counter = new FunnelCounter(funnel, ToMicros(from), ToMicros(to));
        var collections = funnel.Collections;
        await using var command = Command(connection, "funnel.events", collections.Count);
        for (var i = 0; i < collections.Count; i++)
        {
            Bind(command, "v" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), collections[i]);
        }

        Bind(command, "include_bots", options.IncludeBots);
        BindRange(command, from, to + funnel.Window);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var device = (string?)null;
        var events = new List<FunnelEvent>();
        string KeyOf(FunnelEvent e) => (string)BreakdownKey(breakdown, null, default, device, e.Attributes, landing);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetString(0);
            if (device is not null && !string.Equals(id, device, StringComparison.Ordinal))
            {
                counter.AddDevice(events, KeyOf);
                events.Clear();
            }

            device = id;
            events.Add(new FunnelEvent(
                IdText.From(reader.GetString(1)),
                reader.GetInt64(2),
                reader.GetString(3),
                NullableString(reader, 4),
                new EventAttributes(NullableString(reader, 5), NullableString(reader, 6), NullableString(reader, 7), reader.GetString(8), reader.GetString(9))));
        }

        if (device is not null)
        {
            counter.AddDevice(events, KeyOf);
        }

        return counter.Rows(options.Limit);
    }

    private static long ToMicros(DateTime utc) => (utc - DateTime.UnixEpoch).Ticks / 10;
}
