using System.Buffers;

namespace Facet.Storage.Internal;

/// <summary>
/// A batch's events with a device id, grouped by device — devices in the order they first appear, each one's events in
/// the facts' order (time as stored, then event id) — as the session and funnel steps walk them:
/// <see cref="BatchDevices"/> over the prepared events, <see cref="DerivedDevices"/> over the fields those steps read.
/// </summary>
internal abstract class DeviceGroups<TEvent>
{
    private protected DeviceGroups(TEvent[] events, string[] devices, int[] starts, Dictionary<string, int> groups)
    {
        Events = events;
        Devices = devices;
        Starts = starts;
        Groups = groups;
    }

    /// <summary>How many distinct devices.</summary>
    public int Count => Devices.Length;

    /// <summary>How many events (each has a device id).</summary>
    public int EventCount => Events.Length;

    /// <summary>The device id of group <paramref name="group"/> (0 ≤ group &lt; <see cref="Count"/>).</summary>
    public string DeviceOf(int group) => Devices[group];

    /// <summary>The events of group <paramref name="group"/>, in the facts' order; empty for a device none of whose
    /// events the fact insert stored (<see cref="BatchDevices.Only"/>).</summary>
    public ReadOnlySpan<TEvent> EventsOf(int group) => Events.AsSpan(Starts[group], Starts[group + 1] - Starts[group]);

    /// <summary>The group of <paramref name="device"/>, or false when the batch has no event of it.</summary>
    public bool TryFind(string device, out int group) => Groups.TryGetValue(device, out group);

    /// <summary>The grouped events, group after group.</summary>
    private protected TEvent[] Events { get; }

    /// <summary>Each group's device id.</summary>
    private protected string[] Devices { get; }

    /// <summary>Where each group starts in <see cref="Events"/>, and one past the last group.</summary>
    private protected int[] Starts { get; }

    /// <summary>Device → group; shared read-only by groupings made from this one (BatchDevices.Only, BatchDevices.Derive).</summary>
    private protected Dictionary<string, int> Groups { get; }

    /// <summary>A grouping of events by device (<see cref="Group"/>), with each grouped event's position.</summary>
    private protected readonly record struct Grouping(TEvent[] Events, int[] Positions, string[] Devices, int[] Starts, Dictionary<string, int> Groups);

    /// <summary>
    /// <paramref name="events"/> with a device id grouped by device, devices in the order they first appear, each
    /// device's events sorted by <paramref name="order"/> (a total order on one device's events); with each grouped
    /// event's position (<paramref name="positions"/>[index], or its index when null).
    /// </summary>
    private protected static Grouping Group(IReadOnlyList<TEvent> events, Func<TEvent, string?> deviceOf, Comparison<TEvent> order, int[]? positions)
    {
        // Events without a device id cannot belong to a visit or a funnel walk; they stay facts only.
        var groups = new Dictionary<string, int>(StringComparer.Ordinal);
        // Each event's group and each group's next slot live only here: pooled (issue 22: at a 60,000-event batch both
        // are large objects, whose budget starts `facet load`'s full collections).
        var groupOf = ArrayPool<int>.Shared.Rent(events.Count);
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

        var grouped = new TEvent[withDevice];
        var groupedPositions = new int[withDevice];
        var next = ArrayPool<int>.Shared.Rent(devices.Count);
        starts.AsSpan(0, devices.Count).CopyTo(next);
        for (var i = 0; i < events.Count; i++)
        {
            if (groupOf[i] >= 0)
            {
                var at = next[groupOf[i]]++;
                grouped[at] = events[i];
                groupedPositions[at] = positions is null ? i : positions[i];
            }
        }

        ArrayPool<int>.Shared.Return(next);
        ArrayPool<int>.Shared.Return(groupOf);

        for (var g = 0; g < devices.Count; g++)
        {
            if (counts[g] > 1)
            {
                // Total: two events of a device with the same stored time and id are one (PreparedClickstream's dedup).
                grouped.AsSpan(starts[g], counts[g]).Sort(groupedPositions.AsSpan(starts[g], counts[g]), order);
            }
        }

        return new Grouping(grouped, groupedPositions, [.. devices], starts, groups);
    }
}
