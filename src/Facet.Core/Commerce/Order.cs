namespace Facet.Core.Commerce;

/// <summary>
/// An order (topic <c>transactions</c>): Shape B's booking with its line items, payment, promo and shipment, or a
/// Shape A transaction (one line, a status, a payment method). Amounts are in <see cref="Currency"/>'s major unit.
/// An order whose total does not add up is kept and flagged (<see cref="TotalMismatch"/>), never rejected.
/// </summary>
public sealed record Order
{
    /// <summary>Shape A <c>transaction_id</c>, Shape B <c>booking_id</c>.</summary>
    public required string OrderId { get; init; }

    public required string CustomerId { get; init; }

    /// <summary>The click-stream session the order came from (Shape B), when known.</summary>
    public string? SessionId { get; init; }

    /// <summary>When the order was placed (Shape A <c>date_time</c>, Shape B <c>created_at</c>).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    public OrderStatus? Status { get; init; }

    public PaymentMethod? PaymentMethod { get; init; }

    public PaymentStatus? PaymentStatus { get; init; }

    /// <summary>At least one line.</summary>
    public required ValueList<OrderLine> Lines { get; init; }

    /// <summary>ISO 4217 code, upper case; null when neither the record nor the decoder's default says.</summary>
    public string? Currency { get; init; }

    public string? PromoCode { get; init; }

    /// <summary>Discount taken off the order; never negative.</summary>
    public decimal? PromoAmount { get; init; }

    public decimal? ShipmentFee { get; init; }

    /// <summary>The latest promised delivery (Shape B <c>shipment_date_limit</c>).</summary>
    public DateTimeOffset? ShipmentDueAt { get; init; }

    public double? ShipmentLatitude { get; init; }

    public double? ShipmentLongitude { get; init; }

    /// <summary>The total the source states (Shape B <c>total_amount</c>).</summary>
    public decimal? TotalAmount { get; init; }

    /// <summary>Sum of quantity × item price over the lines; null when a line has no price.</summary>
    public decimal? LinesSubtotal
    {
        get
        {
            decimal sum = 0;
            foreach (var line in Lines)
            {
                if (line.Amount is not { } amount)
                {
                    return null;
                }

                sum += amount;
            }

            return sum;
        }
    }

    /// <summary>Lines subtotal − promo + shipment fee: what <see cref="TotalAmount"/> should be.</summary>
    public decimal? ExpectedTotal => LinesSubtotal - (PromoAmount ?? 0) + (ShipmentFee ?? 0);

    /// <summary>
    /// The data-quality flag: the stated total differs from <see cref="ExpectedTotal"/>. False when either is unknown.
    /// </summary>
    public bool TotalMismatch => TotalAmount is { } total && ExpectedTotal is { } expected && total != expected;
}
