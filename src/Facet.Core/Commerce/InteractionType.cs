namespace Facet.Core.Commerce;

/// <summary>What a customer did with a product besides viewing it.</summary>
public enum InteractionType
{
    WishlistAddition = 1,
    Review = 2,
    Rating = 3,
}
