namespace Facet.Storage.Internal;

/// <summary>
/// A batch's events with a device id, grouped by device (in the order each device first appears) and, within a device,
/// in the facts' order: time as stored (whole µs), then event id (byte order). The session and funnel steps walk a
/// device's events from here, as the fields they read (<see cref="Derive"/>, once the batch's keys are assigned).
/// Made when the batch is prepared, off the write lane (issue 22: the session step's passes over the batch — filtering,
/// each device's earliest event, its head, the rest, each in-order device's events sorted — hashed every device id
/// several times and chased every event's objects in the batch transaction, where PostgreSQL or DuckDB waits for them);
/// when the fact insert stored only part of the batch, the same grouping without the others (<see cref="Only"/>).
/// </summary>
internal sealed class BatchDevices : DeviceGroups<PreparedEvent>
{
    private static readonly Comparison<PreparedEvent> FactOrder = static (a, b) =>
    {
        var c = a.EventTsUtc.CompareTo(b.EventTsUtc);
        return c != 0 ? c : a.Source.Event.EventIdText.CompareTo(b.Source.Event.EventIdText);
    };

    // Per grouped event, its position in the list this was made from (Only's mask).
    private readonly int[] _positions;

    private BatchDevices(PreparedEvent[] events, int[] positions, string[] devices, int[] starts, Dictionary<string, int> groups)
        : base(events, devices, starts, groups)
    {
        _positions = positions;
    }

    /// <param name="events">The events, in any order: devices are grouped in the order they first appear here.</param>
    /// <param name="positions">Per event, its place in the list <see cref="Only"/>'s mask will refer to (the batch's
    /// events sorted by key, when these are the same events in decode order); its index here when null.</param>
    public static BatchDevices Of(IReadOnlyList<PreparedEvent> events, int[]? positions = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        var g = Group(events, static e => e.Source.Event.DeviceId, FactOrder, positions);
        return new BatchDevices(g.Events, g.Positions, g.Devices, g.Starts, g.Groups);
    }

    /// <summary>
    /// The session and funnel steps' fields of these events (<see cref="DerivedEvent"/>), once their dimension keys are
    /// assigned, in the same groups and order: what a batch's derived rows are written from, here or in a trailing
    /// transaction, without holding the events themselves.
    /// </summary>
    /// <param name="arrivedAtUtc">When the batch was ingested.</param>
    public DerivedDevices Derive(DateTime arrivedAtUtc)
    {
        var events = Events;
        var derived = new DerivedEvent[events.Length];
        for (var i = 0; i < derived.Length; i++)
        {
            derived[i] = DerivedEvent.Of(events[i], arrivedAtUtc);
        }

        return new DerivedDevices(derived, Devices, Starts, Groups);
    }

    /// <summary>
    /// The events <paramref name="kept"/> marks, by their position in the list this was made from, in the same groups
    /// and order: what the fact insert stored of a batch when it left a few out (a redelivery), without grouping and
    /// sorting the batch again. A group none of whose events is kept stays, empty.
    /// </summary>
    public BatchDevices Only(bool[] kept)
    {
        ArgumentNullException.ThrowIfNull(kept);
        var count = 0;
        foreach (var position in _positions)
        {
            count += kept[position] ? 1 : 0;
        }

        var events = new PreparedEvent[count];
        var positions = new int[count];
        var (source, devices, sourceStarts) = (Events, Devices, Starts);
        var starts = new int[sourceStarts.Length];
        var at = 0;
        for (var g = 0; g < devices.Length; g++)
        {
            starts[g] = at;
            for (var i = sourceStarts[g]; i < sourceStarts[g + 1]; i++)
            {
                if (kept[_positions[i]])
                {
                    events[at] = source[i];
                    positions[at++] = _positions[i];
                }
            }
        }

        starts[devices.Length] = at;
        return new BatchDevices(events, positions, devices, starts, Groups);
    }
}
