using System.Globalization;

namespace Facet.Storage.Internal.Windows;

/// <summary>One field's value in a window source row; all null when the record does not have it.</summary>
internal readonly record struct WindowValue(string? Text, decimal? Number, DateTime? Time)
{
    public bool IsNull => Text is null && Number is null && Time is null;

    public static WindowValue Of(string? text) => new(text, null, null);

    public static WindowValue Of(decimal? number) => new(null, number, null);

    public static WindowValue Of(double? number) => new(null, number is { } d && double.IsFinite(d) ? (decimal)d : null, null);

    public static WindowValue Of(DateTimeOffset? time) => new(null, null, time?.UtcDateTime);

    /// <summary>The value as a key or distinct member: the text, the number in invariant form, the time as ISO 8601 UTC.</summary>
    public string? AsText() =>
        Text ?? Number?.ToString(CultureInfo.InvariantCulture) ?? Time?.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
