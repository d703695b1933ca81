namespace Facet.Core.Commerce;

/// <summary>A customer's gender as the shop recorded it. Spellings accepted: docs/commerce.md.</summary>
public enum CustomerGender
{
    Female = 1,
    Male = 2,
    Other = 3,
}
