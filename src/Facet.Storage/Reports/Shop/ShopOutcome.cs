namespace Facet.Storage.Reports.Shop;

/// <summary>
/// What became of an order, decided once from its status and payment status (docs/reports.md "Commerce reports"), in
/// this order: payment failed → <see cref="Failed"/>; else status cancelled → <see cref="Cancelled"/> (a refund even
/// when the payment went through); else payment success → <see cref="Successful"/>; else payment pending →
/// <see cref="Pending"/>; without a payment status, status completed → successful and pending → pending; else unknown.
/// </summary>
internal enum ShopOutcome
{
    Unknown,
    Successful,
    Failed,
    Pending,
    Cancelled,
}
