using System.Globalization;
using Facet.Core.Commerce;
using Facet.Simulation.Commerce;
using Facet.Testing;

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

    /// <summary>The deduplicated records: what the oracle recounts.</summary>
    public CommerceRecords Records { get; } = new();

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
        while (generator.Clock < Start.AddDays(3))
        {
            var item = generator.Next();
            var record = Vary(item.Record);
            world.Messages.Add((item.Topic, record));
            world.Records.Add(record);
        }

        return world;
    }

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
