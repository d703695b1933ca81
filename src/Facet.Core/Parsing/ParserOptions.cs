namespace Facet.Core.Parsing;

/// <summary>
/// Limits and conventions for <see cref="EventParser"/>. Immutable once the parser is built (the parser validates them
/// in its constructor and keeps its own reference).
/// </summary>
public sealed class ParserOptions
{
    /// <summary>The default <see cref="MaxMessageBytes"/>: 1 MiB.</summary>
    public const int DefaultMaxMessageBytes = 1024 * 1024;

    /// <summary>The default <see cref="TooLargeRawPrefixBytes"/>: 64 KiB.</summary>
    public const int DefaultTooLargeRawPrefixBytes = 64 * 1024;

    /// <summary>The default <see cref="MaxDepth"/>. Glamira events nest 4 levels (cart_products[].option[].{}).</summary>
    public const int DefaultMaxDepth = 32;

    /// <summary>Messages longer than this are rejected as <c>too_large</c>.</summary>
    public int MaxMessageBytes { get; init; } = DefaultMaxMessageBytes;

    /// <summary>How many leading bytes of a <c>too_large</c> message its rejection keeps as <see cref="Events.Rejection.Raw"/>.</summary>
    public int TooLargeRawPrefixBytes { get; init; } = DefaultTooLargeRawPrefixBytes;

    /// <summary>The UTC offset at which <c>local_time</c> is read when <c>time_stamp</c> is missing (the live stream renders it at UTC+7).</summary>
    public TimeSpan LocalTimeOffset { get; init; } = TimeSpan.FromHours(7);

    /// <summary>Events before this instant are rejected as <c>time_out_of_range</c>.</summary>
    public DateTimeOffset MinEventTime { get; init; } = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Events more than this far after <see cref="Clock"/>'s now are rejected as <c>time_out_of_range</c>.</summary>
    public TimeSpan MaxFutureSkew { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The clock that defines "now" for <see cref="MaxFutureSkew"/>.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Objects/arrays nested deeper than this (the top-level object is depth 0) are rejected as <c>too_deep</c>.</summary>
    public int MaxDepth { get; init; } = DefaultMaxDepth;

    internal void Validate()
    {
        if (MaxMessageBytes < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMessageBytes), MaxMessageBytes, "MaxMessageBytes must be at least 2 (a JSON object); the default is 1 MiB.");
        }

        if (TooLargeRawPrefixBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TooLargeRawPrefixBytes), TooLargeRawPrefixBytes, "TooLargeRawPrefixBytes must be 0 or more; the default is 64 KiB.");
        }

        if (LocalTimeOffset < TimeSpan.FromHours(-14) || LocalTimeOffset > TimeSpan.FromHours(14) || LocalTimeOffset.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(LocalTimeOffset), LocalTimeOffset, "LocalTimeOffset must be whole minutes between -14:00 and +14:00; the default is +07:00.");
        }

        if (MaxFutureSkew < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFutureSkew), MaxFutureSkew, "MaxFutureSkew must not be negative; the default is 1 day.");
        }

        if (MaxDepth is < 4 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDepth), MaxDepth, "MaxDepth must be between 4 and 1000; the default is 32.");
        }

        ArgumentNullException.ThrowIfNull(Clock);
    }
}
