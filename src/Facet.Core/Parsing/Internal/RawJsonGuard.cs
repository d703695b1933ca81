namespace Facet.Core.Parsing.Internal;

/// <summary>What makes a verbatim JSON slice unstorable in the warehouse's JSON columns.</summary>
internal enum RawJsonProblem
{
    None,
    Nul,
    LoneSurrogate,
    NumberOutOfRange,
}

/// <summary>
/// Checks members kept verbatim (unmodelled fields, option and cart extras) for what valid JSON may hold but a
/// warehouse JSON column refuses: PostgreSQL jsonb rejects <c>\u0000</c> and unpaired surrogate escapes, and numbers
/// beyond <c>numeric</c>'s range (131072 digits before the point, 16383 after). Such a message must be rejected with a
/// reason, not fail the whole batch's transaction (issue 12: one message stopped <c>facet run</c> for good).
/// </summary>
internal static class RawJsonGuard
{
    // Below PostgreSQL numeric's limits, leaving room for its internal rounding.
    private const long MaxIntegerDigits = 131_000;
    private const long MaxFractionDigits = 16_000;

    /// <summary>The first problem in <paramref name="json"/> (valid JSON text: one or more members or values).</summary>
    public static RawJsonProblem Check(ReadOnlySpan<byte> json)
    {
        // Fast path: no escape and no exponent means no NUL, no surrogate escape and no huge number.
        if (json.IndexOfAny((byte)'\\', (byte)'e', (byte)'E') < 0)
        {
            return RawJsonProblem.None;
        }

        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var b = json[i];
            if (inString)
            {
                if (b == '"')
                {
                    inString = false;
                }
                else if (b == '\\')
                {
                    if (json[i + 1] == 'u')
                    {
                        var unit = Hex4(json.Slice(i + 2, 4));
                        if (unit == 0)
                        {
                            return RawJsonProblem.Nul;
                        }

                        if (unit is >= 0xDC00 and <= 0xDFFF)
                        {
                            return RawJsonProblem.LoneSurrogate;
                        }

                        if (unit is >= 0xD800 and <= 0xDBFF)
                        {
                            // A high surrogate must be followed by a low one.
                            if (i + 11 >= json.Length || json[i + 6] != '\\' || json[i + 7] != 'u' || Hex4(json.Slice(i + 8, 4)) is < 0xDC00 or > 0xDFFF)
                            {
                                return RawJsonProblem.LoneSurrogate;
                            }

                            i += 6;
                        }

                        i += 5;
                    }
                    else
                    {
                        i++;
                    }
                }
            }
            else if (b == '"')
            {
                inString = true;
            }
            else if (b == '-' || (b >= '0' && b <= '9'))
            {
                var end = i;
                while (end < json.Length && json[end] is (byte)'-' or (byte)'+' or (byte)'.' or (byte)'e' or (byte)'E' or (>= (byte)'0' and <= (byte)'9'))
                {
                    end++;
                }

                if (!NumberFits(json[i..end]))
                {
                    return RawJsonProblem.NumberOutOfRange;
                }

                i = end - 1;
            }
        }

        return RawJsonProblem.None;
    }

    private static bool NumberFits(ReadOnlySpan<byte> number)
    {
        var e = number.IndexOfAny((byte)'e', (byte)'E');
        if (e < 0)
        {
            return true;
        }

        var mantissa = number[..e];
        var point = mantissa.IndexOf((byte)'.');
        long integerDigits = (point < 0 ? mantissa.Length : point) - (mantissa.Length > 0 && mantissa[0] == '-' ? 1 : 0);
        long fractionDigits = point < 0 ? 0 : mantissa.Length - point - 1;
        var exponentText = number[(e + 1)..];
        var negative = exponentText.Length > 0 && exponentText[0] == '-';
        long exponent = 0;
        foreach (var d in exponentText)
        {
            if (d is >= (byte)'0' and <= (byte)'9')
            {
                exponent = Math.Min(exponent * 10 + (d - '0'), 1_000_000_000);
            }
        }

        // A zero mantissa (0e99999) is zero whatever the exponent.
        if (mantissa.IndexOfAnyExcept("-0."u8) < 0)
        {
            return true;
        }

        exponent = negative ? -exponent : exponent;
        return integerDigits + exponent <= MaxIntegerDigits && fractionDigits - exponent <= MaxFractionDigits;
    }

    private static int Hex4(ReadOnlySpan<byte> hex)
    {
        var value = 0;
        foreach (var h in hex)
        {
            value = (value << 4) | h switch
            {
                >= (byte)'0' and <= (byte)'9' => h - '0',
                >= (byte)'a' and <= (byte)'f' => h - 'a' + 10,
                _ => h - 'A' + 10,
            };
        }

        return value;
    }
}
