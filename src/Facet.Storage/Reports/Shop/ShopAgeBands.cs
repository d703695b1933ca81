namespace Facet.Storage.Reports.Shop;

/// <summary>
/// customer-demographics' age bands: the age in whole years on the report's last day from the birth date, else the
/// age the source stated (Shape A), in bands under 18, 18-24, 25-34, 35-44, 45-54, 55-64, 65+, or unknown.
/// </summary>
public static class ShopAgeBands
{
    /// <summary>The bands in display order.</summary>
    public static IReadOnlyList<string> All { get; } = ["under 18", "18-24", "25-34", "35-44", "45-54", "55-64", "65+", "unknown"];

    public static string Of(DateOnly? birthDate, int? statedAge, DateOnly on)
    {
        int? age = statedAge;
        if (birthDate is { } birth)
        {
            age = on.Year - birth.Year - (on < birth.AddYears(on.Year - birth.Year) ? 1 : 0);
        }

        return age switch
        {
            null or < 0 => "unknown",
            < 18 => "under 18",
            < 25 => "18-24",
            < 35 => "25-34",
            < 45 => "35-44",
            < 55 => "45-54",
            < 65 => "55-64",
            _ => "65+",
        };
    }
}
