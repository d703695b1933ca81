namespace Facet.Core.Commerce.Internal;

/// <summary>Every commerce enum's accepted spellings (documented in docs/commerce.md) and the one Facet writes.</summary>
internal static class CommerceEnums
{
    public static readonly EnumTable<CustomerGender> Gender = new(
        (CustomerGender.Female, ["female", "f", "w", "woman", "women"]),
        (CustomerGender.Male, ["male", "m", "man", "men"]),
        (CustomerGender.Other, ["other", "o", "x", "non-binary", "diverse"]));

    public static readonly EnumTable<OrderStatus> OrderStatus = new(
        (Commerce.OrderStatus.Pending, ["pending"]),
        (Commerce.OrderStatus.Completed, ["completed", "complete"]),
        (Commerce.OrderStatus.Cancelled, ["cancelled", "canceled"]));

    public static readonly EnumTable<PaymentMethod> PaymentMethod = new(
        (Commerce.PaymentMethod.CreditCard, ["credit_card", "cc"]),
        (Commerce.PaymentMethod.DebitCard, ["debit_card"]),
        (Commerce.PaymentMethod.PayPal, ["paypal"]),
        (Commerce.PaymentMethod.BankTransfer, ["bank_transfer", "wire_transfer"]),
        (Commerce.PaymentMethod.GoPay, ["gopay"]),
        (Commerce.PaymentMethod.Ovo, ["ovo"]),
        (Commerce.PaymentMethod.LinkAja, ["linkaja"]),
        (Commerce.PaymentMethod.ShopeePay, ["shopeepay"]),
        (Commerce.PaymentMethod.CashOnDelivery, ["cash_on_delivery", "cod"]));

    public static readonly EnumTable<PaymentStatus> PaymentStatus = new(
        (Commerce.PaymentStatus.Success, ["success", "successful", "succeeded", "paid"]),
        (Commerce.PaymentStatus.Failed, ["failed", "failure", "fail"]),
        (Commerce.PaymentStatus.Pending, ["pending"]));

    public static readonly EnumTable<InteractionType> InteractionType = new(
        (Commerce.InteractionType.WishlistAddition, ["wishlist_addition", "wishlist", "add_to_wishlist"]),
        (Commerce.InteractionType.Review, ["review"]),
        (Commerce.InteractionType.Rating, ["rating", "rate"]));

    public static readonly EnumTable<ClickEventName> ClickEventName = new(
        (Commerce.ClickEventName.Homepage, ["HOMEPAGE", "home"]),
        (Commerce.ClickEventName.Search, ["SEARCH"]),
        (Commerce.ClickEventName.ItemDetail, ["ITEM_DETAIL"]),
        (Commerce.ClickEventName.AddToCart, ["ADD_TO_CART"]),
        (Commerce.ClickEventName.Booking, ["BOOKING"]),
        (Commerce.ClickEventName.PromoPage, ["PROMO_PAGE"]),
        (Commerce.ClickEventName.AddPromo, ["ADD_PROMO"]),
        (Commerce.ClickEventName.Scroll, ["SCROLL"]),
        (Commerce.ClickEventName.Click, ["CLICK"]));

    public static readonly EnumTable<SystemLogLevel> LogLevel = new(
        (SystemLogLevel.Debug, ["DEBUG", "trace"]),
        (SystemLogLevel.Info, ["INFO", "information"]),
        (SystemLogLevel.Warning, ["WARNING", "warn"]),
        (SystemLogLevel.Error, ["ERROR", "err"]),
        (SystemLogLevel.Critical, ["CRITICAL", "fatal"]));
}
