using System.Runtime.InteropServices;
using Facet.Core.Enrichment;
using Facet.Core.Events;

namespace Facet.Storage.Internal;

/// <summary>
/// A <see cref="WarehouseBatch"/> made ready to write: events deduplicated on (event key, UTC day) keeping the first,
/// rejections deduplicated on their source position, natural keys computed, rows in a deterministic order.
/// </summary>
internal sealed class PreparedBatch
{
    private PreparedBatch(List<PreparedEvent> events, int inBatchDuplicates, List<Rejection> rejections, List<CheckpointAdvance> checkpoints)
    {
        Events = events;
        InBatchDuplicates = inBatchDuplicates;
        Rejections = rejections;
        Checkpoints = checkpoints;
    }

    /// <summary>Distinct events, ordered by (event key, UTC day) — the unique index order, so concurrent writers lock in one order.</summary>
    public List<PreparedEvent> Events { get; }

    // Surrogate keys are positive (Unknown = 0): a negative key marks a member FindMisses did not find in the cache.
    private const int Unresolved = -1;

    public int InBatchDuplicates { get; }

    public List<Rejection> Rejections { get; }

    /// <summary>Ordered by (group, topic, partition) for a deterministic lock order.</summary>
    public List<CheckpointAdvance> Checkpoints { get; }

    /// <summary>
    /// The batch ready to write for <paramref name="warehouse"/>: its <see cref="WarehouseBatch.Prepared"/> events when
    /// that warehouse made them from this batch's list, otherwise prepared here.
    /// </summary>
    public static PreparedBatch Create(WarehouseBatch batch, object warehouse, WarehouseOptions options, PrivacyRules privacy)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(batch.Events);
        ArgumentNullException.ThrowIfNull(batch.Rejections);
        ArgumentNullException.ThrowIfNull(batch.Checkpoints);

        var prepared = batch.Prepared is { } p && ReferenceEquals(p.Warehouse, warehouse) && ReferenceEquals(p.Source, batch.Events)
            ? p
            : PrepareEvents(warehouse, batch.Events, options, privacy);

        var positions = new HashSet<SourcePosition>(batch.Rejections.Count);
        var rejections = new List<Rejection>(batch.Rejections.Count);
        foreach (var rejection in batch.Rejections)
        {
            if (positions.Add(rejection.Position))
            {
                rejections.Add(rejection);
            }
        }

        var checkpoints = new List<CheckpointAdvance>(batch.Checkpoints);
        checkpoints.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.ConsumerGroup, b.ConsumerGroup);
            c = c != 0 ? c : string.CompareOrdinal(a.Topic, b.Topic);
            return c != 0 ? c : a.Partition.CompareTo(b.Partition);
        });
        for (var i = 1; i < checkpoints.Count; i++)
        {
            var (a, b) = (checkpoints[i - 1], checkpoints[i]);
            if (a.ConsumerGroup == b.ConsumerGroup && a.Topic == b.Topic && a.Partition == b.Partition)
            {
                throw new ArgumentException($"the batch advances checkpoint ({b.ConsumerGroup}, {b.Topic}, {b.Partition}) twice: merge the advances", nameof(batch));
            }
        }

        return new PreparedBatch(prepared.Events, prepared.InBatchDuplicates, rejections, checkpoints);
    }

    /// <summary>Deduplicates, keys and orders the events (CPU only: no cache, no connection).</summary>
    public static PreparedEvents PrepareEvents(object warehouse, IReadOnlyList<EnrichedEvent> source, WarehouseOptions options, PrivacyRules privacy)
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
        return new PreparedEvents(warehouse, source, events, duplicates);
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
