namespace Facet.Storage.Reports.Commerce;

/// <summary>
/// The channel of a landing event: <c>paid</c> when it carries an ad click id (gclid, fbclid, msclkid…) or a paid
/// utm_medium (cpc, ppc, paid…); otherwise its referrer medium — search, social, email, other (other sites), direct
/// or internal (a device whose first event of the range is a page inside the shop, e.g. a visit begun before midnight).
/// </summary>
public static class TrafficChannel
{
    private static readonly HashSet<string> PaidMediums = new(StringComparer.OrdinalIgnoreCase)
    {
        "cpc", "ppc", "paid", "paidsearch", "paid_search", "paid-search", "paidsocial", "paid_social", "paid-social",
        "display", "cpm", "cpv", "banner", "retargeting", "affiliate",
    };

    public static string Of(string? referrerMedium, string? utmMedium, string? clickIdType)
    {
        if (!string.IsNullOrEmpty(clickIdType) || (utmMedium is not null && PaidMediums.Contains(utmMedium.Trim())))
        {
            return "paid";
        }

        return string.IsNullOrEmpty(referrerMedium) || referrerMedium == "unknown" ? "direct" : referrerMedium;
    }
}
