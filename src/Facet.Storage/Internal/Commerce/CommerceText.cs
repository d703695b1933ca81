using Facet.Core.Commerce;

namespace Facet.Storage.Internal.Commerce;

/// <summary>
/// How the warehouse stores the commerce enums: the canonical spellings of docs/commerce.md (what CommerceJsonWriter
/// writes), so a report's filter value is the one a user reads in the docs.
/// </summary>
internal static class CommerceText
{
    public static string? Of(CustomerGender? value) => value switch
    {
        CustomerGender.Female => "female",
        CustomerGender.Male => "male",
        CustomerGender.Other => "other",
        _ => null,
    };

    public static string? Of(OrderStatus? value) => value switch
    {
        OrderStatus.Pending => "pending",
        OrderStatus.Completed => "completed",
        OrderStatus.Cancelled => "cancelled",
        _ => null,
    };

    public static string? Of(PaymentMethod? value) => value switch
    {
        PaymentMethod.CreditCard => "credit_card",
        PaymentMethod.DebitCard => "debit_card",
        PaymentMethod.PayPal => "paypal",
        PaymentMethod.BankTransfer => "bank_transfer",
        PaymentMethod.GoPay => "gopay",
        PaymentMethod.Ovo => "ovo",
        PaymentMethod.LinkAja => "linkaja",
        PaymentMethod.ShopeePay => "shopeepay",
        PaymentMethod.CashOnDelivery => "cash_on_delivery",
        _ => null,
    };

    public static string? Of(PaymentStatus? value) => value switch
    {
        PaymentStatus.Success => "success",
        PaymentStatus.Failed => "failed",
        PaymentStatus.Pending => "pending",
        _ => null,
    };

    public static string Of(InteractionType value) => value switch
    {
        InteractionType.WishlistAddition => "wishlist_addition",
        InteractionType.Review => "review",
        InteractionType.Rating => "rating",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "not an interaction type"),
    };

    public static string Of(ClickEventName value) => value switch
    {
        ClickEventName.Homepage => "HOMEPAGE",
        ClickEventName.Search => "SEARCH",
        ClickEventName.ItemDetail => "ITEM_DETAIL",
        ClickEventName.AddToCart => "ADD_TO_CART",
        ClickEventName.Booking => "BOOKING",
        ClickEventName.PromoPage => "PROMO_PAGE",
        ClickEventName.AddPromo => "ADD_PROMO",
        ClickEventName.Scroll => "SCROLL",
        ClickEventName.Click => "CLICK",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "not a click event name"),
    };

    public static string Of(SystemLogLevel value) => value switch
    {
        SystemLogLevel.Debug => "DEBUG",
        SystemLogLevel.Info => "INFO",
        SystemLogLevel.Warning => "WARNING",
        SystemLogLevel.Error => "ERROR",
        SystemLogLevel.Critical => "CRITICAL",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "not a log level"),
    };
}
