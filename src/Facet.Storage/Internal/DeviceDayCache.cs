namespace Facet.Storage.Internal;

/// <summary>
/// The <c>kpi_devices_daily</c> rows this process has committed, each with the first event time it wrote, so a batch
/// sends only the device-days that are new to it or that it saw earlier than before (issue 22: a batch of 20,000 events
/// sent ~5,500 device-days of which two in three were already stored, and PostgreSQL's upsert locks the existing row
/// even when its condition leaves it as it is).
/// </summary>
/// <remarks>
/// Skipping is safe because a row's <c>first_ts</c> only ever decreases (the upsert lowers it, nothing deletes rows):
/// the stored value is at most what this process last wrote, so a later event of the same device-day changes nothing.
/// Another worker writing the same warehouse can only have lowered it further. Entries enter at commit only, so a
/// rolled-back batch never leaves one behind; a device-day it does not hold (never seen, or cleared past
/// <see cref="MaxEntries"/>) is sent as before and the upsert decides.
/// Single-threaded, like <see cref="DimensionCache"/>: the warehouse serialises writers.
/// </remarks>
internal sealed class DeviceDayCache
{
    /// <summary>Cleared (and refilled by the batches that follow) past this many entries, bounding memory (~25 MB with the device ids it keeps).</summary>
    public const int MaxEntries = 200_000;

    private readonly Dictionary<DeviceDay, DateTime> _committed = [];
    private readonly List<KeyValuePair<DeviceDay, DateTime>> _pending = [];

    /// <summary>
    /// The device-days of <paramref name="devices"/> (in their order) that this process has not committed with an event
    /// time at or before theirs; they become committed with <see cref="Commit"/>.
    /// </summary>
    public List<KeyValuePair<DeviceDay, DateTime>> Unrecorded(List<KeyValuePair<DeviceDay, DateTime>> devices)
    {
        _pending.Clear();
        foreach (var device in devices)
        {
            if (!_committed.TryGetValue(device.Key, out var written) || device.Value < written)
            {
                _pending.Add(device);
            }
        }

        return _pending.Count == devices.Count ? devices : [.. _pending];
    }

    public void Commit()
    {
        if (_committed.Count + _pending.Count > MaxEntries)
        {
            _committed.Clear();
        }

        foreach (var (device, first) in _pending)
        {
            _committed[device] = first;
        }

        _pending.Clear();
    }

    public void Rollback() => _pending.Clear();
}
