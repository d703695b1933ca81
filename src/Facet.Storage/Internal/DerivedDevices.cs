namespace Facet.Storage.Internal;

/// <summary>
/// A batch's inserted events with a device id as the session and funnel steps read them (<see cref="DerivedEvent"/>):
/// grouped by device as <see cref="BatchDevices"/> groups them (devices in the order they first appear, each one's
/// events in the facts' order — time as stored, then event id), made by <see cref="BatchDevices.Derive"/> once the
/// batch's keys are assigned, or by <see cref="Merge"/> for several batches written together.
/// </summary>
internal sealed class DerivedDevices : DeviceGroups<DerivedEvent>
{
    private static readonly Comparison<DerivedEvent> FactOrder = static (a, b) =>
    {
        var c = a.EventTsUtc.CompareTo(b.EventTsUtc);
        return c != 0 ? c : a.EventId.CompareTo(b.EventId);
    };

    /// <param name="groups">Device → group; may be shared read-only with the grouping this was derived from.</param>
    internal DerivedDevices(DerivedEvent[] events, string[] devices, int[] starts, Dictionary<string, int> groups)
        : base(events, devices, starts, groups)
    {
    }

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
            events.AddRange(part.Events);
        }

        var g = Group(events, static e => e.DeviceId, FactOrder, positions: null);
        return new DerivedDevices(g.Events, g.Devices, g.Starts, g.Groups);
    }
}
