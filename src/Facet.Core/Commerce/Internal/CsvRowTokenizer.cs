using System.Text;

namespace Facet.Core.Commerce.Internal;

/// <summary>
/// Splits one CSV record into fields (comma-separated; a quoted field may hold commas, line breaks and doubled quotes).
/// A quote that opens a field must close it right before a comma or the end of the record; anything else is broken
/// quoting and the record is refused as a whole (no guessing at what the writer meant). A quote inside an unquoted
/// field is kept as a character, as common readers do.
/// </summary>
internal static class CsvRowTokenizer
{
    /// <summary>
    /// Stores field <c>i</c> at <c>values[target[i]]</c> when <c>target[i] &gt;= 0</c> (others are not allocated) and
    /// returns the number of fields, or -1 with <paramref name="error"/> on broken quoting.
    /// </summary>
    public static int Split(ReadOnlySpan<char> row, ReadOnlySpan<int> target, string?[] values, out string? error)
    {
        error = null;
        var column = 0;
        var i = 0;
        while (true)
        {
            ReadOnlySpan<char> field;
            var escaped = false;
            if (i < row.Length && row[i] == '"')
            {
                var start = i + 1;
                var j = start;
                while (true)
                {
                    var quote = row[j..].IndexOf('"');
                    if (quote < 0)
                    {
                        error = $"field {column + 1} opens a quote that is never closed";
                        return -1;
                    }

                    j += quote;
                    if (j + 1 < row.Length && row[j + 1] == '"')
                    {
                        escaped = true;
                        j += 2;
                        continue;
                    }

                    break;
                }

                field = row[start..j];
                i = j + 1;
                if (i < row.Length && row[i] != ',')
                {
                    error = $"field {column + 1} has '{row[i]}' after its closing quote (a quote inside a quoted field must be doubled)";
                    return -1;
                }
            }
            else
            {
                var comma = row[i..].IndexOf(',');
                var end = comma < 0 ? row.Length : i + comma;
                field = row[i..end];
                i = end;
            }

            if (column < target.Length && target[column] >= 0)
            {
                values[target[column]] = escaped ? Unescape(field) : new string(field);
            }

            column++;
            if (i >= row.Length)
            {
                return column;
            }

            i++;
        }
    }

    private static string Unescape(ReadOnlySpan<char> field)
    {
        var text = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            text.Append(field[i]);
            if (field[i] == '"')
            {
                i++;
            }
        }

        return text.ToString();
    }
}
