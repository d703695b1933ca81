namespace Facet.Core.Commerce;

/// <summary>Rules shared by the commerce decoders (JSON and CSV). Immutable once handed to a decoder.</summary>
public sealed class CommerceDecoderOptions
{
    /// <summary>"Now" for the future-time check; inject a fixed clock in tests.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Times before this are rejected as <c>time_out_of_range</c> (birth dates excepted: they must be after 1900).</summary>
    public DateTimeOffset MinTime { get; init; } = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Times later than now plus this are rejected as <c>time_out_of_range</c>.</summary>
    public TimeSpan MaxFutureSkew { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The currency of amounts whose record names none (e.g. "IDR" for Shape B); null leaves it unknown.</summary>
    public string? DefaultCurrency { get; init; }

    /// <summary>Longer messages are rejected as <c>too_large</c> without being parsed.</summary>
    public int MaxMessageBytes { get; init; } = 1 << 20;

    /// <summary>How deep objects and arrays may nest (nested metadata included).</summary>
    public int MaxDepth { get; init; } = 16;
}
