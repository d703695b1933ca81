namespace Facet.Storage.Internal;

/// <summary>
/// One rollup table's increments for a batch, as the columns its upsert binds, sorted in the one lock order every writer
/// uses: (hour | date key, collection, bot flag, the <see cref="Key1"/> member's natural key, text 1, text 2), texts
/// ordinal, a null text or the Unknown member first.
/// </summary>
/// <remarks>
/// Made and sorted while the batch is prepared (<see cref="Rollups.Count"/>), with <see cref="Key1"/> holding batch member
/// numbers; the write maps those to surrogate keys (<see cref="Rollups.Tally.Resolve"/>): one integer array per table
/// on the write lane, the other columns shared by every attempt of the batch (issue 22: sorting the rows by surrogate
/// key and copying them into the statement's arrays on the write lane took 1–2 s per million events, most of it the
/// collections its large lists started). Sorting by natural key keeps one order across writers: a member's natural key
/// and its surrogate key are one to one.
/// </remarks>
internal sealed record RollupRows(
    DateTime[]? HoursUtc,
    int[]? DateKeys,
    string?[] Collections,
    bool[] IsBot,
    int[]? Key1,
    string?[]? Text1,
    string?[]? Text2,
    long[] Events)
{
    /// <summary>Rows.</summary>
    public int Count => Events.Length;
}
