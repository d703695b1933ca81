using System.Collections.Concurrent;
using System.Globalization;

namespace Facet.Storage.Reports;

/// <summary>English country names for ISO 3166 alpha-2 codes, from .NET's region data; the code itself when unknown.</summary>
public static class CountryNames
{
    private static readonly ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);

    public static string Of(string code) => Names.GetOrAdd(code, static c =>
    {
        try
        {
            return c.Length == 2 ? new RegionInfo(c).EnglishName : c;
        }
        catch (ArgumentException)
        {
            return c;
        }
    });
}
