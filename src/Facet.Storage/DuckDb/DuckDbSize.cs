using System.Text.RegularExpressions;

namespace Facet.Storage.DuckDb;

/// <summary>A DuckDB memory size as its settings take it: a number and a unit (KB, MB, GB, TB, KiB, MiB, GiB, TiB).</summary>
internal static partial class DuckDbSize
{
    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    [GeneratedRegex(@"^\s*[0-9]+(\.[0-9]+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
