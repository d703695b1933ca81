using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Facet.Cli.Tests.Commands;

/// <summary>
/// An independent recount of Shape B's CSV files for the import tests: a plain RFC 4180 reader written here (not
/// Facet's), a regex over the Python-literal line items, and validity rules that cover the generator's injected
/// faults (an empty id, a negative quantity, an event time in 1999). Its valid counts are checked against the
/// generator's truth file, so a rule that misses a fault fails the test instead of hiding it.
/// </summary>
internal sealed partial class ShapeBRecount
{
    public HashSet<string> CustomerIds { get; } = new(StringComparer.Ordinal);

    public HashSet<string> ProductIds { get; } = new(StringComparer.Ordinal);

    public HashSet<string> ClickEventIds { get; } = new(StringComparer.Ordinal);

    /// <summary>Valid orders by booking id: (line items, units, stated total); the first row of an id wins.</summary>
    public Dictionary<string, (int Lines, long Units, decimal Total)> Orders { get; } = new(StringComparer.Ordinal);

    /// <summary>Per file name: valid rows and rejected rows.</summary>
    public Dictionary<string, (long Valid, long Rejected)> Rows { get; } = new(StringComparer.Ordinal);

    public static ShapeBRecount Of(string directory)
    {
        var recount = new ShapeBRecount();
        recount.Count(Path.Combine(directory, "customer.csv"), f => f["customer_id"] is { Length: > 0 } id ? recount.CustomerIds.Add(id) | true : false);
        recount.Count(Path.Combine(directory, "product.csv"), f => f["id"] is { Length: > 0 } id ? recount.ProductIds.Add(id) | true : false);
        recount.Count(Path.Combine(directory, "transactions.csv"), f =>
        {
            var quantities = QuantityPattern().Matches(f["product_metadata"]).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
            if (f["booking_id"].Length == 0 || quantities.Count == 0 || quantities.Any(q => q < 0))
            {
                return false;
            }

            recount.Orders.TryAdd(f["booking_id"], (quantities.Count, quantities.Sum(), decimal.Parse(f["total_amount"], CultureInfo.InvariantCulture)));
            return true;
        });
        recount.Count(Path.Combine(directory, "click_stream.csv"), f =>
        {
            if (f["event_id"].Length == 0 || f["event_time"].StartsWith("1999", StringComparison.Ordinal))
            {
                return false;
            }

            recount.ClickEventIds.Add(f["event_id"]);
            return true;
        });
        return recount;
    }

    /// <summary>Rows of a CSV text: (first line number, fields), header included as the first row.</summary>
    public static IEnumerable<(long Line, List<string> Fields)> ReadRows(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        long line = 1, start = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                yield return (start, fields);
                fields = [];
                line++;
                start = line;
            }
            else if (c != '\r')
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return (start, fields);
        }
    }

    private void Count(string path, Func<Dictionary<string, string>, bool> isValid)
    {
        long valid = 0, rejected = 0;
        List<string>? header = null;
        foreach (var (_, fields) in ReadRows(File.ReadAllText(path)))
        {
            if (header is null)
            {
                header = fields;
                continue;
            }

            var row = header.Zip(fields).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
            if (isValid(row))
            {
                valid++;
            }
            else
            {
                rejected++;
            }
        }

        Rows[Path.GetFileName(path)] = (valid, rejected);
    }

    [GeneratedRegex(@"'quantity':\s*(-?\d+)")]
    private static partial Regex QuantityPattern();
}
