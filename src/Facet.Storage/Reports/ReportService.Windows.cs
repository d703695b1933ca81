using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Facet.Storage.Windows;

namespace Facet.Storage.Reports;

/// <summary>Event-time windows (issue 19) as published: update mode shows every window, final mode only final ones.</summary>
public sealed partial class ReportService
{
    /// <summary>The definitions the warehouse has windows for, by name.</summary>
    public async Task<IReadOnlyList<StoredWindowDefinition>> ListWindowsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = ReportSqlText.Get(_database.Dialect, _database.ParameterPrefix, "window_definitions", 0);
        var list = new List<StoredWindowDefinition>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var definition = WindowDefinitions.Parse("[" + reader.GetString(1) + "]", $"the stored definition of window '{reader.GetString(0)}'")[0];
            list.Add(new StoredWindowDefinition(definition, reader.IsDBNull(2) ? null : FromMicros(reader.GetInt64(2))));
        }

        return ResolveStoredJoins(list);
    }

    /// <summary>
    /// The windows of <paramref name="definition"/> starting in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>)
    /// (null: unbounded), in window start and key order; final mode publishes final windows only.
    /// </summary>
    public async Task<WindowView> ReadWindowsAsync(WindowDefinition definition, DateTime? fromUtc, DateTime? toUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.IsJoin)
        {
            return await ReadJoinedWindowsAsync(definition, fromUtc, toUtc, cancellationToken);
        }

        var from = fromUtc ?? new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var to = toUtc ?? new DateTime(9999, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await using var connection = await _database.OpenAsync(cancellationToken);
        DateTime? watermark = null;
        foreach (var stored in await ListWindowsAsync(cancellationToken))
        {
            if (stored.Definition.Name == definition.Name)
            {
                watermark = stored.Watermark;
            }
        }

        var rows = new List<WindowRow>();
        var aggregates = definition.Aggregates.ToDictionary(static a => a.Name, StringComparer.Ordinal);
        await using (var command = WindowCommand(connection, "window_rows", definition.Name, from, to))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            WindowRow? current = null;
            Dictionary<string, object?>? values = null;
            while (await reader.ReadAsync(cancellationToken))
            {
                var start = FromMicros(reader.GetInt64(0));
                var key = reader.GetString(2);
                if (current is null || current.WindowStart != start || !SameKey(current, key))
                {
                    values = definition.Aggregates.ToDictionary(static a => a.Name, static _ => (object?)null, StringComparer.Ordinal);
                    current = new WindowRow(start, FromMicros(reader.GetInt64(1)), JsonSerializer.Deserialize<string?[]>(key) ?? [], values,
                        Convert.ToInt32(reader.GetValue(3), CultureInfo.InvariantCulture), Convert.ToInt32(reader.GetValue(4), CultureInfo.InvariantCulture),
                        reader.GetBoolean(5), FromMicros(reader.GetInt64(6)));
                    rows.Add(current);
                }

                if (aggregates.TryGetValue(reader.GetString(7), out var aggregate))
                {
                    values![aggregate.Name] = Value(definition, aggregate, reader);
                }
            }
        }

        if (definition.Mode == WindowOutputMode.Final)
        {
            rows.RemoveAll(static r => !r.IsFinal);
        }

        var late = new List<WindowLateRow>();
        await using (var command = WindowCommand(connection, "window_late", definition.Name, from, to))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var start = FromMicros(reader.GetInt64(0));
                if (late.Count == 0 || late[^1].WindowStart != start)
                {
                    late.Add(new WindowLateRow(start, FromMicros(reader.GetInt64(1)), reader.GetInt64(2), reader.GetInt64(3), new List<string>()));
                }

                if (!reader.IsDBNull(4))
                {
                    ((List<string>)late[^1].Examples).Add(reader.GetString(4));
                }
            }
        }

        return new WindowView(definition, watermark, rows, late);
    }

    /// <summary>Per stored ordinary definition: its windows, revisions after the watermark and events beyond the lateness (<see cref="WindowLateSummary"/>).</summary>
    public async Task<IReadOnlyList<WindowLateSummary>> ReadWindowLateSummaryAsync(CancellationToken cancellationToken = default)
    {
        var definitions = (await ListWindowsAsync(cancellationToken)).Where(static s => !s.Definition.IsJoin).ToDictionary(static s => s.Definition.Name, StringComparer.Ordinal);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = ReportSqlText.Get(_database.Dialect, _database.ParameterPrefix, "window_late_summary", 0);
        var list = new List<WindowLateSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!definitions.TryGetValue(reader.GetString(0), out var stored))
            {
                continue;
            }

            long At(int i) => Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture);
            var final = stored.Definition.Mode == WindowOutputMode.Final;
            list.Add(new WindowLateSummary(
                stored.Definition.Name, stored.Definition.Source, stored.Definition.Mode, stored.Watermark,
                Windows: final ? At(2) : At(1), FinalWindows: At(2), RevisedWindows: final ? At(4) : At(3), LateRevisions: final ? At(9) : At(5),
                LateEvents: At(6), LateApplied: At(7), LateWindows: At(8)));
        }

        return list;
    }

    private static bool SameKey(WindowRow row, string keyJson) => JsonSerializer.Serialize(row.Key) == keyJson;

    private DbCommand WindowCommand(DbConnection connection, string name, string definition, DateTime from, DateTime to)
    {
        var command = connection.CreateCommand();
        command.CommandText = ReportSqlText.Get(_database.Dialect, _database.ParameterPrefix, name, 0);
        command.Parameters.Add(_database.CreateParameter("name", definition));
        command.Parameters.Add(_database.CreateParameter("from", _database.Timestamp(from)));
        command.Parameters.Add(_database.CreateParameter("to", _database.Timestamp(to)));
        return command;
    }

    private static object? Value(WindowDefinition definition, WindowAggregate aggregate, DbDataReader reader)
    {
        var count = Convert.ToInt64(reader.GetValue(8), CultureInfo.InvariantCulture);
        decimal? Decimal(int i) => reader.IsDBNull(i) ? null : Convert.ToDecimal(reader.GetValue(i), CultureInfo.InvariantCulture);
        DateTime? Time(int i) => reader.IsDBNull(i) ? null : FromMicros(reader.GetInt64(i));
        var integer = aggregate.Field is { } f && WindowDefinitions.IsIntegerField(definition, f);
        return aggregate.Function switch
        {
            WindowFunction.Count => count,
            WindowFunction.Distinct => Convert.ToInt64(reader.GetValue(14), CultureInfo.InvariantCulture),
            WindowFunction.Sum => Decimal(9) is { } sum ? (integer ? decimal.ToInt64(sum) : sum) : null,
            WindowFunction.Avg => Decimal(9) is { } total && count > 0 ? Math.Round(total / count, 6, MidpointRounding.ToEven) : null,
            WindowFunction.Min => Decimal(10) is { } min ? (integer ? decimal.ToInt64(min) : min) : Time(12),
            _ => Decimal(11) is { } max ? (integer ? decimal.ToInt64(max) : max) : Time(13),
        };
    }
}
