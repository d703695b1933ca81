using System.Globalization;

namespace Facet.Cli.Settings;

/// <summary>Durations as people type them: "500ms", "10s", "2m", "1h", "1d", "1h30m", or "hh:mm:ss".</summary>
internal static class DurationParser
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.Trim();
        if (span.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(span, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
        }

        var total = TimeSpan.Zero;
        var i = 0;
        while (i < span.Length)
        {
            var start = i;
            while (i < span.Length && (char.IsAsciiDigit(span[i]) || span[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(span.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            var unitStart = i;
            while (i < span.Length && char.IsAsciiLetter(span[i]))
            {
                i++;
            }

            var unit = span[unitStart..i].ToLowerInvariant();
            double? milliseconds = unit switch
            {
                "ms" => value,
                "s" or "" => value * 1000,
                "m" or "min" => value * 60_000,
                "h" => value * 3_600_000,
                "d" => value * 86_400_000,
                _ => null,
            };
            if (milliseconds is null || (unit.Length == 0 && i < span.Length))
            {
                return false;
            }

            total += TimeSpan.FromMilliseconds(milliseconds.Value);
        }

        duration = total;
        return true;
    }

    public static TimeSpan Parse(string text, string optionName) =>
        TryParse(text, out var duration)
            ? duration
            : throw new UsageException($"{optionName} takes a duration like 500ms, 10s, 5m or 1h (got '{text}')");
}
