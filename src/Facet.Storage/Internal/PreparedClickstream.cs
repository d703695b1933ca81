using System.Runtime.InteropServices;
using Facet.Core.Enrichment;

namespace Facet.Storage.Internal;

/// <summary>
/// A batch's clickstream events made ready to write, ahead of the write (CPU only): deduplicated on (event key, UTC
/// day) keeping the first — the one place clickstream duplicates within a batch are decided — natural keys computed,
/// rows in the unique index's order.
/// </summary>
internal sealed class PreparedClickstream
{
    private PreparedClickstream(List<PreparedEvent> events, int inBatchDuplicates)
    {
        Events = events;
        InBatchDuplicates = inBatchDuplicates;
    }

    /// <summary>Distinct events, ordered by (event key, UTC day) — the unique index order, so concurrent writers lock in one order.</summary>
    public List<PreparedEvent> Events { get; }

    // Surrogate keys are positive (Unknown = 0): a negative key marks a member FindMisses did not find in the cache.
    private const int Unresolved = -1;

    public int InBatchDuplicates { get; }

    /// <summary>Deduplicates, keys and orders the events (CPU only: no cache, no connection).</summary>
    public static PreparedClickstream Prepare(IReadOnlyList<EnrichedEvent> source, WarehouseOptions options, PrivacyRules privacy)
    {
        ArgumentNullException.ThrowIfNull(source);
        var seen = new HashSet<(Guid, DateOnly)>(source.Count);
        var events = new List<PreparedEvent>(source.Count);
        var duplicates = 0;
        var zone = options.ReportingTimeZone;
        var memos = new Dictionary<object, string?>?[Dimension.Count];
        foreach (var dimension in Dimension.All)
        {
            memos[dimension.Index] = dimension.KeySourceComparer is { } comparer ? new Dictionary<object, string?>(comparer) : null;
        }

        for (var i = 0; i < source.Count; i++)
        {
            var enriched = source[i];
            var e = enriched.Event;
            var utc = e.EventTime.UtcDateTime;
            var key = EventKeys.For(e.EventId);
            var date = DateOnly.FromDateTime(utc);
            if (!seen.Add((key, date)))
            {
                duplicates++;
                continue;
            }

            var local = zone == TimeZoneInfo.Utc ? utc : TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
            var prepared = new PreparedEvent(enriched)
            {
                EventKey = key,
                EventDate = date,
                EventTsUtc = utc,
                HourUtc = new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, DateTimeKind.Utc),
                DateKey = (local.Year * 10000) + (local.Month * 100) + local.Day,
                Hour = (short)local.Hour,
                Ip = privacy.Ip(e.Ip),
                OptionsJson = JsonText.Options(e.Options),
                CartProductsJson = JsonText.CartProducts(e.CartProducts),
                ExtraJson = privacy.Extra(e.ExtraJson),
            };
            foreach (var dimension in Dimension.All)
            {
                prepared.NaturalKeys[dimension.Index] = memos[dimension.Index] is { } memo
                    ? NaturalKey(memo, dimension, enriched, privacy)
                    : dimension.NaturalKey(enriched, privacy);
            }

            events.Add(prepared);
        }

        events.Sort(static (a, b) => a.EventKey != b.EventKey ? a.EventKey.CompareTo(b.EventKey) : a.EventDate.CompareTo(b.EventDate));
        return new PreparedClickstream(events, duplicates);
    }

    // Dimensions whose natural key is a function of one shared enrichment object compute it once per distinct object.
    private static string? NaturalKey(Dictionary<object, string?> memo, Dimension dimension, EnrichedEvent e, PrivacyRules privacy)
    {
        var source = dimension.KeySource(e)!;
        ref var key = ref CollectionsMarshal.GetValueRefOrAddDefault(memo, source, out var exists);
        if (!exists)
        {
            key = dimension.NaturalKey(e, privacy);
        }

        return key;
    }

    /// <summary>
    /// The dimension members not in <paramref name="cache"/>, per dimension, each with the first event that uses it
    /// (for its attributes), sorted by natural key so concurrent writers insert in one order.
    /// </summary>
    public List<(string NaturalKey, EnrichedEvent Sample)>[] FindMisses(DimensionCache cache)
    {
        var misses = new List<(string, EnrichedEvent)>[Dimension.Count];
        var seen = new HashSet<string>[Dimension.Count];
        for (var d = 0; d < Dimension.Count; d++)
        {
            misses[d] = [];
            seen[d] = new HashSet<string>(StringComparer.Ordinal);
        }

        foreach (var e in Events)
        {
            for (var d = 0; d < Dimension.Count; d++)
            {
                if (e.NaturalKeys[d] is not { } nk)
                {
                    e.Keys[d] = 0;
                }
                else if (cache.TryGet(d, nk, out var key))
                {
                    // Remembered so AssignKeys looks up only the misses (one dictionary probe per event and dimension).
                    e.Keys[d] = key;
                }
                else
                {
                    e.Keys[d] = Unresolved;
                    if (seen[d].Add(nk))
                    {
                        misses[d].Add((nk, e.Source));
                    }
                }
            }
        }

        foreach (var list in misses)
        {
            list.Sort(static (a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        }

        return misses;
    }

    /// <summary>
    /// Sets the dimension keys <see cref="FindMisses"/> left unresolved from the cache, once the misses are in it.
    /// FindMisses must run first in the same attempt: it sets (or resets, on a retry) every event's keys.
    /// </summary>
    public void AssignKeys(DimensionCache cache)
    {
        foreach (var e in Events)
        {
            for (var d = 0; d < Dimension.Count; d++)
            {
                if (e.Keys[d] != Unresolved)
                {
                    continue;
                }

                if (e.NaturalKeys[d] is { } nk && cache.TryGet(d, nk, out var key))
                {
                    e.Keys[d] = key;
                }
                else
                {
                    throw new InvalidOperationException($"{Dimension.All[d].Table} member was not resolved; this is a bug in the loader");
                }
            }
        }
    }
}
