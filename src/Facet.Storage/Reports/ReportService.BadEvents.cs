using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Facet.Storage.Reports;

/// <summary>Bad events by arrival (issue 23): the dashboard's card and the CSV of a day's rejects.</summary>
public sealed partial class ReportService
{
    /// <summary>
    /// Rejected messages that arrived on the options' day in its zone, by reason. <c>latest</c> means the last day
    /// anything was rejected (not the last day with views: a backfill's rejects arrive today, its views are old).
    /// </summary>
    public async Task<BadEventSummary> GetBadEventsAsync(ReportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var zone = ReportZone.Find(options.TimeZone);
        await using var connection = await _database.OpenAsync(cancellationToken);
        if (await ResolveArrivalDayAsync(connection, zone, options, cancellationToken) is not { } day)
        {
            return new BadEventSummary(null, zone.Id, null, null, 0, []);
        }

        var (from, to) = zone.DayRange(day);
        var reasons = new List<BadEventReasonCount>();
        await using (var command = Command(connection, "bad_events.by_reason", 0))
        {
            BindRange(command, from, to);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                reasons.Add(new BadEventReasonCount(reader.GetString(0), reader.GetInt64(1)));
            }
        }

        return new BadEventSummary(day, zone.Id, new DateTimeOffset(from), new DateTimeOffset(to), reasons.Sum(r => r.Events), reasons);
    }

    /// <summary>Every rejected message that arrived on the options' day (resolved as in <see cref="GetBadEventsAsync"/>), in arrival order.</summary>
    public async IAsyncEnumerable<BadEventRecord> ReadBadEventsAsync(ReportOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var zone = ReportZone.Find(options.TimeZone);
        await using var connection = await _database.OpenAsync(cancellationToken);
        if (await ResolveArrivalDayAsync(connection, zone, options, cancellationToken) is not { } day)
        {
            yield break;
        }

        var (from, to) = zone.DayRange(day);
        await using var command = Command(connection, "bad_events.rows", 0);
        BindRange(command, from, to);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new BadEventRecord(
                new DateTimeOffset(FromMicros(reader.GetInt64(0))),
                reader.GetString(1),
                reader.GetInt32(2),
                reader.GetInt64(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                Bytes(reader.GetValue(7)));
        }
    }

    /// <summary>The arrival day the options name: a given day, today, or (latest) the local day of the newest reject.</summary>
    public async Task<DateOnly?> ResolveArrivalDayAsync(ReportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var zone = ReportZone.Find(options.TimeZone);
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await ResolveArrivalDayAsync(connection, zone, options, cancellationToken);
    }

    private async Task<DateOnly?> ResolveArrivalDayAsync(DbConnection connection, ReportZone zone, ReportOptions options, CancellationToken cancellationToken)
    {
        switch (options.Date.Kind)
        {
            case ReportDateKind.Day:
                return options.Date.Day;
            case ReportDateKind.Today:
                return zone.LocalDate(_time.GetUtcNow().UtcDateTime);
        }

        await using var command = Command(connection, "bad_events.latest", 0);
        return ToNullableInt64(await command.ExecuteScalarAsync(cancellationToken)) is { } us ? zone.LocalDate(FromMicros(us)) : null;
    }

    // DuckDB.NET hands a BLOB out as a stream, Npgsql a bytea as an array.
    private static byte[] Bytes(object value)
    {
        switch (value)
        {
            case byte[] bytes:
                return bytes;
            case Stream stream:
                using (stream)
                {
                    var copy = new MemoryStream();
                    stream.CopyTo(copy);
                    return copy.ToArray();
                }

            default:
                throw new InvalidOperationException($"bad_events.raw came back as {value.GetType()}, not bytes");
        }
    }
}
