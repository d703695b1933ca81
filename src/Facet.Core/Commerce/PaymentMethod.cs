namespace Facet.Core.Commerce;

/// <summary>How an order was paid: Shape A's three methods and Shape B's Indonesian wallets and cards.</summary>
public enum PaymentMethod
{
    CreditCard = 1,
    DebitCard = 2,
    PayPal = 3,
    BankTransfer = 4,
    GoPay = 5,
    Ovo = 6,
    LinkAja = 7,
    ShopeePay = 8,
    CashOnDelivery = 9,
}
