namespace Facet.Core.Commerce;

/// <summary>The default topic of each commerce entity (one topic per entity).</summary>
public static class CommerceTopics
{
    public const string Customers = "customers";
    public const string Products = "products";
    public const string Transactions = "transactions";
    public const string ProductViews = "product_views";
    public const string UserInteractions = "user_interactions";
    public const string ClickStream = "click_stream";
    public const string SystemLogs = "system_logs";

    public static IReadOnlyList<string> All { get; } = [Customers, Products, Transactions, ProductViews, UserInteractions, ClickStream, SystemLogs];
}
