namespace Facet.Storage.Reports.Commerce;

/// <summary>
/// The ISO 4217 code of a price's currency as the shops send it: a symbol (€, £, zł, R$), a code (CHF, AED) or an
/// ambiguous symbol ("$" is the dollar, peso or real of a dozen countries; "kr" the Swedish, Danish, Norwegian or
/// Icelandic krona) which the store's country decides. An ambiguous symbol from a store without a known country (a
/// generic domain such as glamira.com) stays as sent, so amounts in different currencies are never added together.
/// </summary>
public static class CurrencyCodes
{
    private static readonly Dictionary<string, string> Unambiguous = new(StringComparer.Ordinal)
    {
        ["€"] = "EUR", ["£"] = "GBP", ["zł"] = "PLN", ["Kč"] = "CZK", ["Ft"] = "HUF", ["lei"] = "RON", ["лв."] = "BGN",
        ["₺"] = "TRY", ["R$"] = "BRL", ["S/"] = "PEN", ["₡"] = "CRC", ["₹"] = "INR", ["RM"] = "MYR", ["₱"] = "PHP",
        ["฿"] = "THB", ["₫"] = "VND", ["Rp"] = "IDR", ["HK$"] = "HKD", ["NT$"] = "TWD", ["₩"] = "KRW", ["₪"] = "ILS",
        ["E£"] = "EGP", ["₴"] = "UAH", ["₾"] = "GEL", ["₸"] = "KZT", ["KM"] = "BAM", ["ден"] = "MKD", ["RD$"] = "DOP",
        ["₲"] = "PYG", ["Bs"] = "BOB", ["Q"] = "GTQ", ["L"] = "ALL", ["R"] = "ZAR", ["MDL"] = "MDL",
    };

    /// <summary>Symbols several countries use, resolved by the store's country (ISO alpha-2).</summary>
    private static readonly Dictionary<string, Dictionary<string, string>> ByCountry = new(StringComparer.Ordinal)
    {
        ["$"] = new(StringComparer.Ordinal)
        {
            ["US"] = "USD", ["EC"] = "USD", ["PA"] = "USD", ["VE"] = "USD", ["CA"] = "CAD", ["MX"] = "MXN", ["CL"] = "CLP",
            ["AR"] = "ARS", ["CO"] = "COP", ["UY"] = "UYU", ["AU"] = "AUD", ["NZ"] = "NZD", ["SG"] = "SGD",
        },
        ["kr"] = new(StringComparer.Ordinal) { ["SE"] = "SEK", ["DK"] = "DKK", ["NO"] = "NOK", ["IS"] = "ISK" },
        ["¥"] = new(StringComparer.Ordinal) { ["JP"] = "JPY", ["CN"] = "CNY" },
    };

    /// <summary>The code for <paramref name="currency"/> sent by a store in <paramref name="storeCountry"/>; "(none)" when no currency was sent.</summary>
    public static string Resolve(string? currency, string? storeCountry)
    {
        var text = currency?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return "(none)";
        }

        if (Unambiguous.TryGetValue(text, out var code))
        {
            return code;
        }

        if (ByCountry.TryGetValue(text, out var countries))
        {
            return storeCountry is not null && countries.TryGetValue(storeCountry, out code) ? code : text;
        }

        // Three ASCII letters are taken for an ISO code already (CHF, AED, SAR, MAD, RSD).
        return text.Length == 3 && text.All(char.IsAsciiLetter) ? text.ToUpperInvariant() : text;
    }
}
