using System.Globalization;
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
        // Written for every candidate of every touched device in every batch (~0.7 rows per event): formatted into one
        // stack buffer and made a string once, not through builders and a string per number.
        Span<char> buffer = held.Length <= MaxStackSteps ? stackalloc char[2 * MaxStackSteps * MaxValueLength] : new char[2 * held.Length * MaxValueLength];
        var count = Format(held, reached, entryMicros, buffer, out var gaps, out var state);
        return new FunnelProgressRow(funnelId, device, entryMicros, previousEntryMicros, (short)count, count > 1 ? new string(buffer[gaps]) : null,
            new string(buffer[state]), storeKey, locationKey, userAgentKey);
    }

    /// <summary>
    /// This stored row once its walk holds <paramref name="held"/> (continued over new events): itself when its steps, gaps
    /// and state text come out as stored — most continued rows, whose new events reach no further step — else the changed
    /// row. Compared as formatted, before any string is made (issue 22: a new row and two strings per stored row read,
    /// most of them equal to it, were 3 % of the bytes `facet load` allocated).
    /// </summary>
    public FunnelProgressRow Continued(long[] held, long[] reached)
    {
        Span<char> buffer = held.Length <= MaxStackSteps ? stackalloc char[2 * MaxStackSteps * MaxValueLength] : new char[2 * held.Length * MaxValueLength];
        var count = Format(held, reached, EntryMicros, buffer, out var gaps, out var state);
        var same = count == Steps
            && (count > 1 ? ConvertMicros is not null && buffer[gaps].SequenceEqual(ConvertMicros) : ConvertMicros is null)
            && buffer[state].SequenceEqual(HeldMicros);
        return same ? this : this with
        {
            Steps = (short)count,
            ConvertMicros = count > 1 ? new string(buffer[gaps]) : null,
            HeldMicros = new string(buffer[state]),
        };
    }

    /// <summary>
    /// The steps reached, the µs between them (in <paramref name="buffer"/>'s <paramref name="gaps"/>) and the walk's
    /// state (its <paramref name="state"/>); <paramref name="buffer"/> holds twice the longest text of this many steps.
    /// </summary>
    private static int Format(long[] held, long[] reached, long entryMicros, Span<char> buffer, out Range gaps, out Range state)
    {
        var count = FunnelWalk.Count(held, reached);
        var length = 0;
        for (var k = 0; k + 1 < count; k++)
        {
            Append(buffer, ref length, k > 0, reached[k + 1] - reached[k]);
        }

        gaps = ..length;
        var stateStart = length;
        for (var k = 0; k < held.Length; k++)
        {
            if (held[k] != FunnelWalk.None)
            {
                Append(buffer, ref length, k > 0, held[k] - entryMicros);
            }
            else if (k > 0)
            {
                buffer[length++] = ',';
            }
        }

        state = stateStart..length;
        return count;
    }

    /// <summary>
    /// Fills <paramref name="held"/> from <see cref="HeldMicros"/>; false when the row has no state of that many steps
    /// (written before V017: its device is rebuilt from the facts).
    /// </summary>
    public bool TryReadHeld(long[] held)
    {
        var rest = HeldMicros.AsSpan();
        if (rest.IsEmpty || rest.Count(',') + 1 != held.Length)
        {
            return false;
        }

        for (var k = 0; k < held.Length; k++)
        {
            var comma = rest.IndexOf(',');
            var part = comma < 0 ? rest : rest[..comma];
            rest = comma < 0 ? [] : rest[(comma + 1)..];
            if (part.IsEmpty)
            {
                held[k] = FunnelWalk.None;
            }
            else if (long.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var offset))
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

    /// <summary>A long's text (at most 20 characters) and its comma.</summary>
    private const int MaxValueLength = 21;

    /// <summary>Above <see cref="FunnelDefinition"/>'s 20 steps: every funnel's texts fit on the stack.</summary>
    private const int MaxStackSteps = 32;

    private static void Append(Span<char> buffer, ref int length, bool comma, long value)
    {
        if (comma)
        {
            buffer[length++] = ',';
        }

        value.TryFormat(buffer[length..], out var written, default, CultureInfo.InvariantCulture);
        length += written;
    }
}
