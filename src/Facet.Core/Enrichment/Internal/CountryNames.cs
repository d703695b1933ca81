using System.Collections.Concurrent;
using System.Globalization;

namespace Facet.Core.Enrichment.Internal;

/// <summary>English country names for ISO 3166-1 alpha-2 codes, from .NET's RegionInfo (ICU), cached.</summary>
internal static class CountryNames
{
    private static readonly ConcurrentDictionary<string, string?> Names = new(StringComparer.Ordinal);

    public static string? English(string? code)
    {
        if (code is null || code.Length != 2)
        {
            return null;
        }

        return Names.GetOrAdd(code, static c =>
        {
            // Codes ICU lacks or names differently from the ISO short name.
            switch (c)
            {
                case "XK": return "Kosovo";
                case "EU": return "European Union";
                case "ZZ": return null;
            }

            try
            {
                var region = new RegionInfo(c);
                return region.TwoLetterISORegionName == c ? region.EnglishName : null;
            }
            catch (ArgumentException)
            {
                return null;
            }
        });
    }
}
