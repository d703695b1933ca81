namespace Facet.Core.Parsing.Internal;

/// <summary>
/// One parser's <see cref="RecentStrings"/> tables, one per kind of repeating text, each sized for how many distinct
/// values a 20,000-event batch of the generated day holds (a table per kind, so a burst of one cannot evict the others).
/// About 0.8 MB of slots; the strings they keep are ones the batches in flight hold anyway.
/// </summary>
internal sealed class RecentFieldTexts
{
    /// <summary>A few thousand distinct agents in a day; nearly every event repeats a recent one.</summary>
    public RecentStrings UserAgents { get; } = new(slotBits: 13);

    /// <summary><c>current_url</c> and <c>referrer_url</c> together: a referrer is often a page just viewed.</summary>
    public RecentStrings Urls { get; } = new(slotBits: 15);

    public RecentStrings DeviceIds { get; } = new(slotBits: 14);

    public RecentStrings Ips { get; } = new(slotBits: 14);

    /// <summary><c>local_time</c> moves second by second: the recent few hundred seconds suffice.</summary>
    public RecentStrings LocalTimes { get; } = new(slotBits: 10);

    public RecentStrings ProductIds { get; } = new(slotBits: 13);

    /// <summary><c>user_id_db</c>: the signed-in shoppers of a batch, about a thousand distinct per 100,000 events.</summary>
    public RecentStrings UserIds { get; } = new(slotBits: 12);

    /// <summary>
    /// Texts of few distinct values that <see cref="StringCache"/>'s fixed list does not hold — resolutions, option labels
    /// and values, category and collection ids, UTM values, currencies — a few hundred per batch. Without it each of
    /// ~120,000 resolutions and ~100,000 option values per 100,000 generated events was a new string (issue 22: a heap
    /// held 11,000 copies of one resolution).
    /// </summary>
    public RecentStrings Labels { get; } = new(slotBits: 11);

    /// <summary>
    /// An option's <c>option_id</c> and <c>value_id</c>: numbers too large for the shared small ones, a few thousand
    /// distinct per batch, half of them repeats.
    /// </summary>
    public RecentStrings OptionIds { get; } = new(slotBits: 13);
}
