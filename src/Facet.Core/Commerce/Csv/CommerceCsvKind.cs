namespace Facet.Core.Commerce.Csv;

/// <summary>Which of Shape B's four CSV files a file is (told from its header row).</summary>
public enum CommerceCsvKind
{
    Customers = 1,
    Products = 2,
    Transactions = 3,
    ClickStream = 4,
}
