using System.Globalization;

namespace Facet.Storage.Reports.Commerce;

/// <summary>
/// A dated exchange-rate table (<c>--fx FILE</c>): CSV lines <c>date,currency,rate_to_base,base</c> with a header, one
/// base currency for the whole file; one unit of <c>currency</c> is worth <c>rate_to_base</c> units of the base on
/// that date. A report day uses each currency's most recent rate dated on or before it and says which date it used.
/// </summary>
public sealed class FxRates
{
    private readonly Dictionary<string, List<(DateOnly Date, decimal Rate)>> _rates;

    private FxRates(string source, string baseCurrency, Dictionary<string, List<(DateOnly Date, decimal Rate)>> rates)
    {
        Source = source;
        BaseCurrency = baseCurrency;
        _rates = rates;
    }

    /// <summary>Where the rates came from (the file name), for error messages.</summary>
    public string Source { get; }

    /// <summary>The currency every amount is converted to.</summary>
    public string BaseCurrency { get; }

    /// <summary>Reads a rate file; throws <see cref="ReportOptionsException"/> naming the line at fault.</summary>
    public static FxRates Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ReportOptionsException($"--fx: cannot read '{path}' ({ex.Message})");
        }

        return Parse(Path.GetFileName(path), lines);
    }

    public static FxRates Parse(string source, IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var rates = new Dictionary<string, List<(DateOnly, decimal)>>(StringComparer.Ordinal);
        string? baseCurrency = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || (i == 0 && line.StartsWith("date", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length != 4
                || !DateOnly.TryParseExact(fields[0].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                || fields[1].Trim().Length == 0
                || !decimal.TryParse(fields[2].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate) || rate <= 0
                || fields[3].Trim().Length == 0)
            {
                throw new ReportOptionsException($"--fx {source} line {i + 1}: expected date,currency,rate_to_base,base such as 2026-11-30,GBP,1.1682,EUR (got '{line}')");
            }

            var lineBase = fields[3].Trim();
            if (baseCurrency is not null && lineBase != baseCurrency)
            {
                throw new ReportOptionsException($"--fx {source} line {i + 1}: every rate must have the same base (got {lineBase} after {baseCurrency})");
            }

            baseCurrency = lineBase;
            var currency = fields[1].Trim();
            if (!rates.TryGetValue(currency, out var list))
            {
                rates[currency] = list = [];
            }

            list.Add((date, rate));
        }

        if (baseCurrency is null)
        {
            throw new ReportOptionsException($"--fx {source} has no rates: expected lines date,currency,rate_to_base,base");
        }

        foreach (var list in rates.Values)
        {
            list.Sort(static (a, b) => a.Item1.CompareTo(b.Item1));
        }

        return new FxRates(source, baseCurrency, rates);
    }

    /// <summary>
    /// The rate for <paramref name="currency"/> on <paramref name="day"/>: the latest dated on or before it; the base
    /// itself is 1 (dated <paramref name="day"/>) unless the file lists it. Throws when the file has no such rate.
    /// </summary>
    public (decimal Rate, DateOnly Date) RateOn(string currency, DateOnly day)
    {
        if (_rates.TryGetValue(currency, out var list))
        {
            for (var i = list.Count - 1; i >= 0; i--)
            {
                if (list[i].Date <= day)
                {
                    return (list[i].Rate, list[i].Date);
                }
            }
        }

        if (currency == BaseCurrency)
        {
            return (1m, day);
        }

        throw new ReportOptionsException($"--fx {Source} has no {currency} rate dated on or before {day:yyyy-MM-dd}: add a line {day:yyyy-MM-dd},{currency},RATE,{BaseCurrency}");
    }
}
