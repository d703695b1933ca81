namespace Facet.Core.Commerce;

/// <summary>The click-stream event names of Shape B.</summary>
public enum ClickEventName
{
    Homepage = 1,
    Search = 2,
    ItemDetail = 3,
    AddToCart = 4,
    Booking = 5,
    PromoPage = 6,
    AddPromo = 7,
    Scroll = 8,
    Click = 9,
}
