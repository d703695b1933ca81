using System.Globalization;
using Facet.Core.Commerce;
using Facet.Simulation.Generation;
using static Facet.Simulation.Commerce.CommerceVocabulary;

namespace Facet.Simulation.Commerce;

/// <summary>One shopping session: the click path, the views and interactions it makes, and the order it may end in.</summary>
public sealed partial class CommerceGenerator
{
    private static readonly (PaymentMethod Method, double Weight)[] PaymentMix =
    [
        (PaymentMethod.GoPay, 0.25), (PaymentMethod.CreditCard, 0.20), (PaymentMethod.DebitCard, 0.20), (PaymentMethod.Ovo, 0.15),
        (PaymentMethod.ShopeePay, 0.10), (PaymentMethod.LinkAja, 0.05), (PaymentMethod.BankTransfer, 0.05),
    ];

    private readonly List<(Product Product, int Quantity)> _cart = [];
    private readonly List<int> _viewed = [];

    private void Session()
    {
        AdvanceClock();
        var t = _clock;
        var customerIndex = Zipf(_customerWeights);
        var customer = _customers[customerIndex];
        var sessionId = Uuid();
        var traffic = _random.Chance(0.65) ? "MOBILE" : "WEB";
        if (_random.Chance(0.5))
        {
            customer = customer with { LastLoginAt = t, UpdatedAt = t };
            _customers[customerIndex] = customer;
            Emit(CommerceTopics.Customers, customer, customer.CustomerId, activity: false);
        }

        Click(sessionId, customer, traffic, ClickEventName.Homepage, ref t, null);
        if (_random.Chance(0.5))
        {
            Click(sessionId, customer, traffic, ClickEventName.Search, ref t, new ClickEventMetadata { SearchKeywords = _random.Pick(SearchKeywords) });
        }

        _viewed.Clear();
        _cart.Clear();
        var details = 1;
        while (details < 6 && _random.Chance(0.5))
        {
            details++;
        }

        for (var i = 0; i < details; i++)
        {
            var productIndex = Zipf(_productWeights);
            var product = _products[productIndex];
            _viewed.Add(productIndex);
            Click(sessionId, customer, traffic, ClickEventName.ItemDetail, ref t, new ClickEventMetadata { ProductId = product.ProductId });
            var duration = _random.Next(10, 301);
            var view = new ProductView
            {
                ViewId = "v" + (++_viewCounter).ToString(CultureInfo.InvariantCulture),
                CustomerId = customer.CustomerId,
                ProductId = product.ProductId,
                ViewedAt = t,
                ViewDurationSeconds = duration,
                SessionId = sessionId,
            };
            Emit(CommerceTopics.ProductViews, view, view.ViewId, activity: true);
            t = t.AddSeconds(duration);
            if (_random.Chance(0.3))
            {
                Click(sessionId, customer, traffic, _random.Chance(0.7) ? ClickEventName.Scroll : ClickEventName.Click, ref t, null);
            }

            Interact(customer, product, t);
        }

        if (_random.Chance(0.3))
        {
            Checkout(sessionId, customer, traffic, ref t);
        }

        if (_random.Chance(0.05))
        {
            var (level, message) = _random.Pick(LogMessages);
            var entry = new SystemLogEntry
            {
                LogId = "l" + (++_logCounter).ToString(CultureInfo.InvariantCulture),
                LoggedAt = t,
                Level = level switch { "INFO" => SystemLogLevel.Info, "WARNING" => SystemLogLevel.Warning, _ => SystemLogLevel.Error },
                Message = message,
                Service = _random.Pick(Services),
            };
            Emit(CommerceTopics.SystemLogs, entry, entry.LogId, activity: true);
        }

        if (_random.Chance(0.02))
        {
            var index = Zipf(_productWeights);
            var product = _products[index];
            var price = Math.Max(100m, Math.Round((product.Price ?? 100m) * (decimal)(0.9 + (_random.NextDouble() * 0.2)) / 100m) * 100m);
            product = product with { Price = price, StockQuantity = _random.Next(0, 500), UpdatedAt = t };
            _products[index] = product;
            Emit(CommerceTopics.Products, product, product.ProductId, activity: false);
        }
    }

    private void Checkout(string sessionId, Customer customer, string traffic, ref DateTimeOffset t)
    {
        var lines = 1;
        while (lines < 3 && lines < _viewed.Count && _random.Chance(0.35))
        {
            lines++;
        }

        for (var i = 0; i < lines; i++)
        {
            var product = _products[_viewed[i]];
            if (_cart.Exists(c => c.Product.ProductId == product.ProductId))
            {
                continue;
            }

            var quantity = _random.Chance(0.8) ? 1 : _random.Next(2, 4);
            _cart.Add((product, quantity));
            Click(sessionId, customer, traffic, ClickEventName.AddToCart, ref t, new ClickEventMetadata { ProductId = product.ProductId, Quantity = quantity, ItemPrice = product.Price });
        }

        if (!_random.Chance(0.6))
        {
            return;
        }

        var subtotal = _cart.Sum(c => c.Quantity * (c.Product.Price ?? 0));
        string? promoCode = null;
        decimal? promoAmount = null;
        if (_random.Chance(0.25))
        {
            Click(sessionId, customer, traffic, ClickEventName.PromoPage, ref t, null);
            promoCode = _random.Pick(PromoCodes);
            promoAmount = Math.Min(50_000m, Math.Round(subtotal * (decimal)(0.05 + (_random.NextDouble() * 0.15))));
            Click(sessionId, customer, traffic, ClickEventName.AddPromo, ref t, new ClickEventMetadata { PromoCode = promoCode, PromoAmount = promoAmount });
        }

        var payment = _random.Chance(0.95) ? PaymentStatus.Success : PaymentStatus.Failed;
        Click(sessionId, customer, traffic, ClickEventName.Booking, ref t, new ClickEventMetadata { PaymentStatus = payment });
        var fee = _random.Next(10, 41) * 1_000m;
        var total = subtotal - (promoAmount ?? 0) + fee;

        // Real exports round and drift: about 1 % of totals are off by a little (the decoders keep and flag them).
        if (_random.Chance(0.01))
        {
            total += _random.Next(1, 500);
        }

        var roll = _random.NextDouble();
        var order = new Order
        {
            OrderId = Uuid(),
            CustomerId = customer.CustomerId,
            SessionId = sessionId,
            CreatedAt = t,
            Status = payment == PaymentStatus.Failed ? OrderStatus.Cancelled : roll < 0.9 ? OrderStatus.Completed : roll < 0.95 ? OrderStatus.Pending : OrderStatus.Cancelled,
            PaymentMethod = PickPayment(),
            PaymentStatus = payment,
            Lines = new ValueList<OrderLine>(_cart.Select(c => new OrderLine(c.Product.ProductId, c.Quantity, c.Product.Price))),
            Currency = _options.Currency,
            PromoCode = promoCode,
            PromoAmount = promoAmount,
            ShipmentFee = fee,
            ShipmentDueAt = t.AddDays(_random.Next(2, 8)),
            ShipmentLatitude = customer.HomeLatitude,
            ShipmentLongitude = customer.HomeLongitude,
            TotalAmount = total,
        };
        Emit(CommerceTopics.Transactions, order, order.OrderId, activity: true);
    }

    private void Interact(Customer customer, Product product, DateTimeOffset t)
    {
        var roll = _random.NextDouble();
        InteractionType type;
        if (roll < 0.04)
        {
            type = InteractionType.WishlistAddition;
        }
        else if (roll < 0.06)
        {
            type = InteractionType.Review;
        }
        else if (roll < 0.09)
        {
            type = InteractionType.Rating;
        }
        else
        {
            return;
        }

        var interaction = new UserInteraction
        {
            InteractionId = "i" + (++_interactionCounter).ToString(CultureInfo.InvariantCulture),
            CustomerId = customer.CustomerId,
            ProductId = product.ProductId,
            OccurredAt = t,
            Type = type,
            ReviewText = type == InteractionType.Review ? _random.Pick(Reviews) : null,
            Rating = type == InteractionType.WishlistAddition ? null : Math.Min(5, _random.Next(2, 7)),
        };
        Emit(CommerceTopics.UserInteractions, interaction, interaction.InteractionId, activity: true);
    }

    private void Click(string sessionId, Customer customer, string traffic, ClickEventName name, ref DateTimeOffset t, ClickEventMetadata? metadata)
    {
        t = t.AddSeconds(_random.Next(2, 60)).AddTicks(_random.Next(10_000_000));
        var click = new ClickEvent
        {
            EventId = Uuid(),
            SessionId = sessionId,
            EventName = name,
            EventTime = t,
            TrafficSource = traffic,
            CustomerId = customer.CustomerId,
            Metadata = metadata,
        };
        Emit(CommerceTopics.ClickStream, click, click.EventId, activity: true);
    }

    private PaymentMethod PickPayment()
    {
        var roll = _random.NextDouble();
        foreach (var (method, weight) in PaymentMix)
        {
            roll -= weight;
            if (roll < 0)
            {
                return method;
            }
        }

        return PaymentMix[^1].Method;
    }

    /// <summary>Exponential gaps between sessions at a rate that follows the day: low at night, highest mid-afternoon (UTC+7).</summary>
    private void AdvanceClock()
    {
        var hour = (_clock.UtcDateTime.TimeOfDay.TotalHours + 7) % 24;
        var shape = 1 + (0.7 * Math.Sin((hour - 9) / 24 * 2 * Math.PI));
        var perSecond = _options.SessionsPerHour / 3600 * shape;
        var gap = -Math.Log(1 - _random.NextDouble()) / perSecond;
        _clock = _clock.AddTicks(Math.Max(1, (long)(gap * TimeSpan.TicksPerSecond)));
    }
}
