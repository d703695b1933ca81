namespace Facet.Storage.Reports.Commerce;

/// <summary>
/// A funnel: ordered steps, a conversion window counted from the device's entry into the first step, and the mode.
/// The built-in <see cref="Shop"/> funnel is the shop's purchase path; users add their own in a JSON file
/// (<see cref="FunnelCatalog"/>).
/// </summary>
public sealed record FunnelDefinition(string Name, IReadOnlyList<FunnelStep> Steps, TimeSpan Window, FunnelMode Mode = FunnelMode.Strict)
{
    public const string ShopName = "shop";

    /// <summary>view_product_detail → select_product_option → add_to_cart_action → view_shopping_cart → checkout → checkout_success, within one hour.</summary>
    public static FunnelDefinition Shop { get; } = new(
        ShopName,
        [
            new("view_product_detail"), new("select_product_option"), new("add_to_cart_action"),
            new("view_shopping_cart"), new("checkout"), new("checkout_success"),
        ],
        TimeSpan.FromHours(1));

    /// <summary>The distinct collections of the steps, in step order: what the report reads from the facts.</summary>
    public IReadOnlyList<string> Collections => [.. Steps.Select(s => s.Collection).Distinct(StringComparer.Ordinal)];

    /// <summary>Throws <see cref="ReportOptionsException"/> for a funnel the report cannot compute.</summary>
    public void Validate()
    {
        if (Steps.Count is < 2 or > 20)
        {
            throw new ReportOptionsException($"funnel '{Name}' must have 2 to 20 steps (has {Steps.Count})");
        }

        if (Window <= TimeSpan.Zero || Window > TimeSpan.FromDays(31))
        {
            throw new ReportOptionsException($"funnel '{Name}': the conversion window must be between 1 second and 31 days (got {Window})");
        }

        if (Steps.Any(s => string.IsNullOrWhiteSpace(s.Collection)))
        {
            throw new ReportOptionsException($"funnel '{Name}': every step needs a collection, e.g. view_product_detail");
        }
    }
}
