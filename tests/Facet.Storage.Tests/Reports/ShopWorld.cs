using System.Globalization;
using Facet.Core.Commerce;
using Facet.Simulation.Commerce;

namespace Facet.Storage.Tests.Reports;

/// <summary>
/// Three days of a generated commerce world (<see cref="CommerceGenerator"/>, seed 7, from 2024-11-01 UTC: New York's
/// 25-hour 2024-11-03 included), with duplicates and late events, made more varied by fixed rules so every report
/// branch has data: a third of the customers live in Singapore and pay in SGD, some have no gender or birth date or
/// only a stated age, some orders have lines without a price (the product version at order time prices them), no
/// payment status, or a pending one, and some sessions have no customer. The messages in generation order
/// (<see cref="Messages"/>) are what the tests load; the deduplicated records are what the oracle recounts.
/// </summary>
public sealed class ShopWorld
{
    public static readonly DateTimeOffset Start = new(2024, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private ShopWorld()
    {
    }

    /// <summary>Every accepted message (duplicates included), as (topic, record), in the order generated.</summary>
    public List<(string Topic, object Record)> Messages { get; } = [];

    /// <summary>Customers: the newest version of each (type 1).</summary>
    public Dictionary<string, Customer> Customers { get; } = new(StringComparer.Ordinal);

    /// <summary>Products: every version of each, in generation order.</summary>
    public Dictionary<string, List<Product>> Products { get; } = new(StringComparer.Ordinal);

    public List<Order> Orders { get; } = [];

    public List<ProductView> Views { get; } = [];

    public List<UserInteraction> Interactions { get; } = [];

    public List<ClickEvent> Clicks { get; } = [];

    public List<SystemLogEntry> Logs { get; } = [];

    public static ShopWorld Generate()
    {
        var generator = new CommerceGenerator(new CommerceGeneratorOptions
        {
            Seed = 7,
            Start = Start,
            Customers = 300,
            Products = 80,
            SessionsPerHour = 50,
            Duplicates = 0.02,
            Late = 0.03,
        });
        var world = new ShopWorld();
        var seen = new HashSet<(string, string)>();
        while (generator.Clock < Start.AddDays(3))
        {
            var item = generator.Next();
            var record = Vary(item.Record);
            world.Messages.Add((item.Topic, record));
            if (!seen.Add((item.Topic, Key(record))))
            {
                continue; // an exact copy: the writers keep the first
            }

            world.Add(record);
        }

        return world;
    }

    private void Add(object record)
    {
        switch (record)
        {
            case Customer c:
                if (!Customers.TryGetValue(c.CustomerId, out var kept) || Stamp(c) > Stamp(kept))
                {
                    Customers[c.CustomerId] = c;
                }

                break;
            case Product p:
                (Products.TryGetValue(p.ProductId, out var versions) ? versions : Products[p.ProductId] = []).Add(p);
                break;
            case Order o:
                Orders.Add(o);
                break;
            case ProductView v:
                Views.Add(v);
                break;
            case UserInteraction i:
                Interactions.Add(i);
                break;
            case ClickEvent e:
                Clicks.Add(e);
                break;
            case SystemLogEntry l:
                Logs.Add(l);
                break;
        }
    }

    private static DateTimeOffset? Stamp(Customer c) => c.UpdatedAt ?? c.LastLoginAt ?? c.AccountCreatedAt;

    private static string Key(object record) => record switch
    {
        Customer c => c.CustomerId + "@" + Stamp(c)?.UtcTicks.ToString(CultureInfo.InvariantCulture),
        Product p => p.ProductId + "@" + p.UpdatedAt?.UtcTicks.ToString(CultureInfo.InvariantCulture),
        Order o => o.OrderId,
        ProductView v => v.ViewId,
        UserInteraction i => i.InteractionId,
        ClickEvent e => e.EventId,
        SystemLogEntry l => l.LogId,
        _ => throw new ArgumentException(record.GetType().Name),
    };

    private static int Number(string id) => int.Parse(id, CultureInfo.InvariantCulture);

    /// <summary>The fixed variations (the same record always varies the same way, so duplicates stay exact copies).</summary>
    private static object Vary(object record) => record switch
    {
        Customer c when Number(c.CustomerId) % 17 == 0 => Home(c) with { Gender = null, BirthDate = null },
        Customer c when Number(c.CustomerId) % 19 == 0 => Home(c) with { BirthDate = null, Age = 40 },
        Customer c => Home(c),
        Order o => VaryOrder(o),
        ClickEvent e when e.SessionId.StartsWith('0') => e with { CustomerId = null },
        _ => record,
    };

    private static Customer Home(Customer c) => Number(c.CustomerId) % 3 == 0 ? c with { HomeCountry = "Singapore" } : c;

    private static Order VaryOrder(Order o)
    {
        var number = Math.Abs(BitConverter.ToInt32(Guid.Parse(o.OrderId).ToByteArray(), 0));
        if (Number(o.CustomerId) % 3 == 0)
        {
            o = o with { Currency = "SGD" };
        }
        else if (number % 7 == 0)
        {
            o = o with { Lines = new ValueList<OrderLine>(o.Lines.Select(l => l with { ItemPrice = null })) };
        }

        return (number % 11) switch
        {
            0 => o with { PaymentStatus = null },
            1 => o with { PaymentStatus = PaymentStatus.Pending },
            _ => o,
        };
    }
}
