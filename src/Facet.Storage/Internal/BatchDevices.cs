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
internal sealed class BatchDevices
{
    private static readonly Comparison<PreparedEvent> FactOrder = static (a, b) =>
    {
        var c = a.EventTsUtc.CompareTo(b.EventTsUtc);
        return c != 0 ? c : a.Source.Event.EventIdText.CompareTo(b.Source.Event.EventIdText);
    };

    private readonly PreparedEvent[] _events;

    // Per grouped event, its position in the list this was made from (Only's mask).
    private readonly int[] _positions;
    private readonly string[] _devices;
    private readonly int[] _starts;

    // Device → group; shared read-only by the instances Only makes.
    private readonly Dictionary<string, int> _groups;

    private BatchDevices(PreparedEvent[] events, int[] positions, string[] devices, int[] starts, Dictionary<string, int> groups)
    {
        _events = events;
        _positions = positions;
        _devices = devices;
        _starts = starts;
        _groups = groups;
    }

    /// <summary>How many distinct devices.</summary>
    public int Count => _devices.Length;

    /// <summary>How many events have a device id.</summary>
    public int EventCount => _events.Length;

    /// <summary>The device id of group <paramref name="group"/> (0 ≤ group &lt; <see cref="Count"/>).</summary>
    public string DeviceOf(int group) => _devices[group];

    /// <summary>The events of group <paramref name="group"/>, in the facts' order; empty in one <see cref="Only"/> made
    /// for a device none of whose events it kept.</summary>
    public ReadOnlySpan<PreparedEvent> EventsOf(int group) => _events.AsSpan(_starts[group], _starts[group + 1] - _starts[group]);

    /// <summary>The group of <paramref name="device"/>, or false when the batch has no event of it.</summary>
    public bool TryFind(string device, out int group) => _groups.TryGetValue(device, out group);

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
        var derived = new DerivedEvent[_events.Length];
        for (var i = 0; i < derived.Length; i++)
        {
            derived[i] = DerivedEvent.Of(_events[i], arrivedAtUtc);
        }

        return new DerivedDevices(derived, _devices, _starts, _groups);
    }

    /// <summary>A grouping of events by device (<see cref="Group{T}"/>).</summary>
    internal readonly record struct Grouping<T>(T[] Events, int[] Positions, string[] Devices, int[] Starts, Dictionary<string, int> Groups);

    /// <summary>
    /// <paramref name="events"/> with a device id grouped by device, devices in the order they first appear, each
    /// device's events sorted by <paramref name="order"/> (a total order on one device's events); with each grouped
    /// event's position (<paramref name="positions"/>[index], or its index when null).
    /// </summary>
    internal static Grouping<T> Group<T>(IReadOnlyList<T> events, Func<T, string?> deviceOf, Comparison<T> order, int[]? positions)
    {
        // Events without a device id cannot belong to a visit or a funnel walk; they stay facts only.
        var groups = new Dictionary<string, int>(StringComparer.Ordinal);
        var groupOf = new int[events.Count];
        var counts = new List<int>();
        var devices = new List<string>();
        var withDevice = 0;
        for (var i = 0; i < events.Count; i++)
        {
            var device = deviceOf(events[i]);
            if (string.IsNullOrEmpty(device))
            {
                groupOf[i] = -1;
                continue;
            }

            if (!groups.TryGetValue(device, out var group))
            {
                group = devices.Count;
                groups.Add(device, group);
                devices.Add(device);
                counts.Add(0);
            }

            groupOf[i] = group;
            counts[group]++;
            withDevice++;
        }

        var starts = new int[devices.Count + 1];
        for (var g = 0; g < devices.Count; g++)
        {
            starts[g + 1] = starts[g] + counts[g];
        }

        var grouped = new T[withDevice];
        var groupedPositions = new int[withDevice];
        var next = starts.AsSpan(0, devices.Count).ToArray();
        for (var i = 0; i < events.Count; i++)
        {
            if (groupOf[i] >= 0)
            {
                var at = next[groupOf[i]]++;
                grouped[at] = events[i];
                groupedPositions[at] = positions is null ? i : positions[i];
            }
        }

        for (var g = 0; g < devices.Count; g++)
        {
            if (counts[g] > 1)
            {
                // Total: two events of a device with the same stored time and id are one (PreparedClickstream's dedup).
                grouped.AsSpan(starts[g], counts[g]).Sort(groupedPositions.AsSpan(starts[g], counts[g]), order);
            }
        }

        return new Grouping<T>(grouped, groupedPositions, [.. devices], starts, groups);
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
        var starts = new int[_starts.Length];
        var at = 0;
        for (var g = 0; g < _devices.Length; g++)
        {
            starts[g] = at;
            for (var i = _starts[g]; i < _starts[g + 1]; i++)
            {
                if (kept[_positions[i]])
                {
                    events[at] = _events[i];
                    positions[at++] = _positions[i];
                }
            }
        }

        starts[_devices.Length] = at;
        return new BatchDevices(events, positions, _devices, starts, _groups);
    }
}
