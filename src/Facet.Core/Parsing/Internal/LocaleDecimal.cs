using System.Globalization;

namespace Facet.Core.Parsing.Internal;

/// <summary>
/// Reads prices as the shop's ~80 country sites format them: "316.00", "915,00", "22 688,00", "1.234,56", "1,234.56",
/// "1'234.50", with ASCII, no-break or narrow no-break spaces as group separators. Rules (docs/events.md):
/// when both '.' and ',' occur the last one is the decimal separator; a lone separator followed by exactly three
/// digits (and preceded by a non-zero group) is a thousands separator; any other lone separator is the decimal one.
/// Groups after a thousands separator must have exactly three digits.
/// </summary>
internal static class LocaleDecimal
{
    private const int MaxLength = 64;

    public static bool TryParse(ReadOnlySpan<char> text, out decimal value)
    {
        value = 0;
        text = text.Trim();
        if (text.IsEmpty || text.Length > MaxLength)
        {
            return false;
        }

        var negative = false;
        if (text[0] is '-' or '+')
        {
            negative = text[0] == '-';
            text = text[1..].TrimStart();
        }

        // Split into digit runs and the separator after each.
        Span<int> runLength = stackalloc int[MaxLength + 1];
        Span<char> separator = stackalloc char[MaxLength + 1];
        var runs = 0;
        var current = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                current++;
                continue;
            }

            var kind = c switch
            {
                '.' or ',' => c,
                ' ' or '\u00A0' or '\u202F' or '\u2009' or '\'' or '\u2019' => ' ',
                _ => '\0',
            };
            if (kind == '\0')
            {
                return false;
            }

            runLength[runs] = current;
            separator[runs] = kind;
            runs++;
            current = 0;
        }

        runLength[runs] = current;
        separator[runs] = '\0';
        runs++;

        // Which separator (index into separator[]) is the decimal point, if any.
        var decimalAt = -1;
        var lastDot = separator[..runs].LastIndexOf('.');
        var lastComma = separator[..runs].LastIndexOf(',');
        if (lastDot >= 0 && lastComma >= 0)
        {
            decimalAt = Math.Max(lastDot, lastComma);
        }
        else if (lastDot >= 0 || lastComma >= 0)
        {
            var at = Math.Max(lastDot, lastComma);
            var sep = separator[at];
            var occurrences = separator[..runs].Count(sep);
            var groupLike = runLength[at + 1] == 3 && runLength[0] > 0 && !(runs == 2 && runLength[0] == 1 && text[0] == '0');
            if (occurrences == 1 && !groupLike)
            {
                decimalAt = at;
            }
        }

        if (decimalAt >= 0 && decimalAt != runs - 2)
        {
            return false; // the decimal separator must be the last separator
        }

        // Every separator before the decimal one groups thousands: the runs after it have exactly three digits,
        // and one kind of group separator is used throughout.
        var integerRuns = decimalAt >= 0 ? decimalAt + 1 : runs;
        var groupKind = '\0';
        for (var r = 0; r < integerRuns - 1; r++)
        {
            if (groupKind == '\0')
            {
                groupKind = separator[r];
            }
            else if (separator[r] != groupKind)
            {
                return false;
            }

            if (runLength[r + 1] != 3 || (r == 0 && runLength[0] is 0 or > 3))
            {
                return false;
            }
        }

        var fractionDigits = decimalAt >= 0 ? runLength[runs - 1] : 0;
        if (decimalAt >= 0 && fractionDigits == 0)
        {
            return false;
        }

        Span<char> normalized = stackalloc char[MaxLength + 2];
        var length = 0;
        if (negative)
        {
            normalized[length++] = '-';
        }

        var digitsWritten = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                normalized[length++] = c;
                digitsWritten++;
            }
        }

        if (digitsWritten == 0)
        {
            return false;
        }

        if (fractionDigits > 0)
        {
            // Insert the decimal point before the last fractionDigits digits.
            var point = length - fractionDigits;
            normalized[point..length].CopyTo(normalized[(point + 1)..]);
            normalized[point] = '.';
            length++;
        }

        return decimal.TryParse(normalized[..length], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }
}
