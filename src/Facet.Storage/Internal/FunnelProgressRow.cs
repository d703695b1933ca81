using System.Globalization;
using System.Text;
using Facet.Storage.Reports.Commerce;

namespace Facet.Storage.Internal;

/// <summary>
/// A funnel_progress row (V014, V017): one entry candidate of one stored funnel. <see cref="ConvertMicros"/> = µs from
/// step k to k+1, comma-separated, for k &lt; steps (null below two steps); <see cref="HeldMicros"/> = the walk's state
/// (<see cref="FunnelWalk.Hold"/>), per step the µs from the entry to the event the walk holds for it, empty where it
/// holds none — what a later batch continues the candidate from without re-reading its facts.
/// </summary>
internal sealed record FunnelProgressRow(
    int FunnelId,
    string Device,
    long EntryMicros,
    long? PreviousEntryMicros,
    short Steps,
    string? ConvertMicros,
    string HeldMicros,
    int StoreKey,
    int LocationKey,
    int UserAgentKey)
{
    /// <summary>The row of a candidate entered at <paramref name="entryMicros"/> whose walk holds <paramref name="held"/>.</summary>
    public static FunnelProgressRow Of(int funnelId, string device, long entryMicros, long? previousEntryMicros, long[] held, long[] reached, int storeKey, int locationKey, int userAgentKey)
    {
        var count = FunnelWalk.Count(held, reached);
        string? gaps = null;
        if (count > 1)
        {
            var text = new StringBuilder();
            for (var k = 0; k + 1 < count; k++)
            {
                text.Append(k == 0 ? "" : ",").Append((reached[k + 1] - reached[k]).ToString(CultureInfo.InvariantCulture));
            }

            gaps = text.ToString();
        }

        var state = new StringBuilder();
        for (var k = 0; k < held.Length; k++)
        {
            state.Append(k == 0 ? "" : ",");
            if (held[k] != FunnelWalk.None)
            {
                state.Append((held[k] - entryMicros).ToString(CultureInfo.InvariantCulture));
            }
        }

        return new FunnelProgressRow(funnelId, device, entryMicros, previousEntryMicros, (short)count, gaps, state.ToString(), storeKey, locationKey, userAgentKey);
    }

    /// <summary>
    /// Fills <paramref name="held"/> from <see cref="HeldMicros"/>; false when the row has no state of that many steps
    /// (written before V017: its device is rebuilt from the facts).
    /// </summary>
    public bool TryReadHeld(long[] held)
    {
        var parts = HeldMicros.Split(',');
        if (HeldMicros.Length == 0 || parts.Length != held.Length)
        {
            return false;
        }

        for (var k = 0; k < parts.Length; k++)
        {
            if (parts[k].Length == 0)
            {
                held[k] = FunnelWalk.None;
            }
            else if (long.TryParse(parts[k], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var offset))
            {
                held[k] = EntryMicros + offset;
            }
            else
            {
                return false;
            }
        }

        return true;
    }
}
