namespace Facet.Storage.Internal;

/// <summary>
/// A batch's inserted events with a device id as the session and funnel steps read them (<see cref="DerivedEvent"/>):
/// grouped by device as <see cref="BatchDevices"/> groups them (devices in the order they first appear, each one's
/// events in the facts' order — time as stored, then event id), made by <see cref="BatchDevices.Derive"/> once the
/// batch's keys are assigned, or by <see cref="Merge"/> for several batches written together.
/// </summary>
internal sealed class DerivedDevices
{
    private static readonly Comparison<DerivedEvent> FactOrder = static (a, b) =>
    {
        var c = a.EventTsUtc.CompareTo(b.EventTsUtc);
        return c != 0 ? c : a.EventId.CompareTo(b.EventId);
    };

    private readonly DerivedEvent[] _events;
    private readonly string[] _devices;
    private readonly int[] _starts;

    // Device → group; may be shared read-only with the BatchDevices this was derived from.
    private readonly Dictionary<string, int> _groups;

    internal DerivedDevices(DerivedEvent[] events, string[] devices, int[] starts, Dictionary<string, int> groups)
    {
        _events = events;
        _devices = devices;
        _starts = starts;
        _groups = groups;
    }

    /// <summary>How many distinct devices.</summary>
    public int Count => _devices.Length;

    /// <summary>How many events.</summary>
    public int EventCount => _events.Length;

    /// <summary>The device id of group <paramref name="group"/> (0 ≤ group &lt; <see cref="Count"/>).</summary>
    public string DeviceOf(int group) => _devices[group];

    /// <summary>The events of group <paramref name="group"/>, in the facts' order; empty for a device none of whose
    /// events the fact insert stored (<see cref="BatchDevices.Only"/>).</summary>
    public ReadOnlySpan<DerivedEvent> EventsOf(int group) => _events.AsSpan(_starts[group], _starts[group + 1] - _starts[group]);

    /// <summary>The group of <paramref name="device"/>, or false when the batch has no event of it.</summary>
    public bool TryFind(string device, out int group) => _groups.TryGetValue(device, out group);

    /// <summary>
    /// The events of several batches as one batch's (a trailing transaction that writes them together,
    /// <see cref="DerivedWrite.Merge"/>): grouped again — devices in the order they first appear across
    /// <paramref name="parts"/>, each one's events of every part in the facts' order.
    /// </summary>
    public static DerivedDevices Merge(IReadOnlyList<DerivedDevices> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 1)
        {
            return parts[0];
        }

        var events = new List<DerivedEvent>(parts.Sum(p => p.EventCount));
        foreach (var part in parts)
        {
            events.AddRange(part._events);
        }

        var g = BatchDevices.Group(events, static e => e.DeviceId, FactOrder, positions: null);
        return new DerivedDevices(g.Events, g.Devices, g.Starts, g.Groups);
    }
}
