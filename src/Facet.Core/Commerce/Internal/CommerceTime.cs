using System.Globalization;

namespace Facet.Core.Commerce.Internal;

/// <summary>
/// The time forms producers write: ISO-8601 (<c>T</c> or a space between date and time, any fraction, zone
/// <c>Z</c>/<c>±HH:mm</c>/<c>±HHmm</c>/<c>±HH</c>/<c>UTC</c>; no zone means UTC; a date alone means 00:00 UTC) and Unix
/// epoch numbers (below 10^11 seconds, else milliseconds; fractions allowed).
/// </summary>
internal static class CommerceTime
{
    /// <summary>Epoch values at or above this are milliseconds (10^11 s is the year 5138; 10^11 ms is 1973).</summary>
    public const double MillisecondsThreshold = 1e11;

    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    public enum Outcome
    {
        Ok,
        Invalid,
        OutOfRange,
    }

    public static Outcome TryParse(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        text = text.Trim();
        value = default;
        if (text.IsEmpty)
        {
            return Outcome.Invalid;
        }

        if (IsNumeric(text))
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? FromEpoch(number, out value)
                : Outcome.Invalid;
        }

        return TryParseIso(text, out value) ? Outcome.Ok : Outcome.Invalid;
    }

    public static Outcome FromEpoch(double number, out DateTimeOffset value)
    {
        value = default;
        if (!double.IsFinite(number))
        {
            return Outcome.Invalid;
        }

        var ticksPerUnit = Math.Abs(number) >= MillisecondsThreshold ? TimeSpan.TicksPerMillisecond : TimeSpan.TicksPerSecond;
        var ticks = Math.Round(number * ticksPerUnit);
        var max = DateTimeOffset.MaxValue.UtcTicks - UnixEpochTicks;
        if (ticks < -UnixEpochTicks || ticks > max)
        {
            return Outcome.OutOfRange;
        }

        value = new DateTimeOffset(UnixEpochTicks + (long)ticks, TimeSpan.Zero);
        return Outcome.Ok;
    }

    private static bool IsNumeric(ReadOnlySpan<char> text)
    {
        var start = text[0] is '-' or '+' ? 1 : 0;
        return start < text.Length && char.IsAsciiDigit(text[start]) && !text.Slice(start).ContainsAnyExcept("0123456789.eE+-") && !text.Slice(start).Contains('-');
    }

    private static bool TryParseIso(ReadOnlySpan<char> s, out DateTimeOffset value)
    {
        value = default;
        var p = 0;
        if (!Digits(s, ref p, 4, out var year) || !Expect(s, ref p, '-') || !Digits(s, ref p, 2, out var month)
            || !Expect(s, ref p, '-') || !Digits(s, ref p, 2, out var day))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        int hour = 0, minute = 0, second = 0;
        long fractionTicks = 0;
        var offset = TimeSpan.Zero;
        if (p < s.Length)
        {
            if (s[p] is not ('T' or 't' or ' '))
            {
                return false;
            }

            p++;
            if (!Digits(s, ref p, 2, out hour) || !Expect(s, ref p, ':') || !Digits(s, ref p, 2, out minute))
            {
                return false;
            }

            if (p < s.Length && s[p] == ':')
            {
                p++;
                if (!Digits(s, ref p, 2, out second))
                {
                    return false;
                }

                if (p < s.Length && s[p] is '.' or ',')
                {
                    p++;
                    var digits = 0;
                    long scale = TimeSpan.TicksPerSecond;
                    while (p < s.Length && char.IsAsciiDigit(s[p]))
                    {
                        if (digits < 7)
                        {
                            scale /= 10;
                            fractionTicks += (s[p] - '0') * scale;
                        }

                        digits++;
                        p++;
                    }

                    if (digits == 0)
                    {
                        return false;
                    }
                }
            }

            if (hour > 23 || minute > 59 || second > 59 || !TryZone(s[p..], out offset))
            {
                return false;
            }
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + fractionTicks;
        var utc = local - offset.Ticks;
        if (utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTimeOffset(utc, TimeSpan.Zero);
        return true;
    }

    private static bool TryZone(ReadOnlySpan<char> zone, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        zone = zone.TrimStart(' ');
        if (zone.IsEmpty || zone is "Z" or "z" || zone.Equals("UTC", StringComparison.OrdinalIgnoreCase) || zone.Equals("GMT", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (zone[0] is not ('+' or '-'))
        {
            return false;
        }

        var sign = zone[0] == '-' ? -1 : 1;
        var p = 1;
        if (!Digits(zone, ref p, 2, out var hours))
        {
            return false;
        }

        var minutes = 0;
        if (p < zone.Length)
        {
            if (zone[p] == ':')
            {
                p++;
            }

            if (!Digits(zone, ref p, 2, out minutes) || p != zone.Length)
            {
                return false;
            }
        }

        if (hours > 14 || minutes > 59)
        {
            return false;
        }

        offset = sign * new TimeSpan(hours, minutes, 0);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, ref int p, int count, out int value)
    {
        value = 0;
        if (p + count > s.Length)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            var c = s[p + i];
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        p += count;
        return true;
    }

    private static bool Expect(ReadOnlySpan<char> s, ref int p, char c)
    {
        if (p < s.Length && s[p] == c)
        {
            p++;
            return true;
        }

        return false;
    }
}
