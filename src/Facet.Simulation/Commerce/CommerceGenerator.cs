using System.Globalization;
using Facet.Core.Commerce;
using Facet.Core.Events;
using Facet.Simulation.Generation;
using Facet.Streaming.Avro;
using static Facet.Simulation.Commerce.CommerceVocabulary;

namespace Facet.Simulation.Commerce;

/// <summary>
/// A deterministic commerce world per seed (docs/generator.md): first every customer and the product catalog, then
/// shopping sessions along a diurnal curve — a customer (Zipf: some shop often) logs in (a new customer version),
/// browses products (Zipf popularity) with views and click-stream events, sometimes wishes, reviews or rates, adds to
/// cart and books an order (basket sizes, payment mix, promos, failed payments, cancellations); the systems log; and
/// now and then a product's price and stock change (a new product version). Faults (malformed, late, duplicate) are
/// injected per message and recorded in <see cref="Truth"/>. Not thread-safe: one caller.
/// </summary>
public sealed partial class CommerceGenerator
{
    private const double ZipfExponent = 1.1;

    private readonly CommerceGeneratorOptions _options;
    private readonly GeneratorRandom _random;
    private readonly Customer[] _customers;
    private readonly Product[] _products;
    private readonly double[] _customerWeights;
    private readonly double[] _productWeights;
    private readonly Queue<CommerceItem> _queue = new();
    private int _emittedCustomers;
    private int _emittedProducts;
    private DateTimeOffset _clock;
    private long _viewCounter;
    private long _interactionCounter;
    private long _logCounter;

    public CommerceGenerator(CommerceGeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _random = GeneratorRandom.For(options.Seed, 17);
        _clock = options.Start;
        _customers = new Customer[options.Customers];
        for (var i = 0; i < _customers.Length; i++)
        {
            _customers[i] = NewCustomer(i);
        }

        _products = new Product[options.Products];
        for (var i = 0; i < _products.Length; i++)
        {
            _products[i] = NewProduct(i);
        }

        _customerWeights = Cumulative(_customers.Length, 0.8);
        _productWeights = Cumulative(_products.Length, ZipfExponent);
    }

    public CommerceTruth Truth { get; } = new();

    /// <summary>Event time of the latest session so far (the decoders' "now" must not lie a day before it).</summary>
    public DateTimeOffset Clock => _clock;

    /// <summary>
    /// True when the output is Shape B's CSV files: no malformed message is truncated JSON (a row has no JSON to cut)
    /// and a product's fault is a missing id (the product file has no price column to make negative).
    /// </summary>
    public bool ForCsv { get; init; }

    /// <summary>Topics written as Avro: a truncated message there is rejected as avro_truncated, not invalid_json.</summary>
    public IReadOnlySet<string> AvroTopics { get; init; } = new HashSet<string>();

    public CommerceItem Next()
    {
        while (_queue.Count == 0)
        {
            Fill();
        }

        // Counted when handed out, not when queued: a run that stops mid-session leaves queued items unsent.
        var item = _queue.Dequeue();
        Truth.Record(item);
        return item;
    }

    private void Fill()
    {
        if (_emittedCustomers < _customers.Length)
        {
            var customer = _customers[_emittedCustomers++];
            Emit(CommerceTopics.Customers, customer, customer.CustomerId, activity: false);
        }
        else if (_emittedProducts < _products.Length)
        {
            var product = _products[_emittedProducts++];
            Emit(CommerceTopics.Products, product, product.ProductId, activity: false);
        }
        else
        {
            Session();
        }
    }

    private void Emit(string topic, object record, string key, bool activity)
    {
        if (_random.Chance(_options.Malformed))
        {
            var truncate = !ForCsv && _random.Next(3) == 0;
            var (bad, code) = truncate ? (record, AvroTopics.Contains(topic) ? AvroRejectionCodes.Truncated : RejectionCodes.InvalidJson)
                : ForCsv && record is Product product ? (product with { ProductId = string.Empty }, RejectionCodes.MissingId)
                : Corrupt(record);
            Add(new CommerceItem(topic, bad, key, CommerceItemKind.Malformed, code, truncate));
            return;
        }

        var kind = CommerceItemKind.Valid;
        if (activity && _random.Chance(_options.Late))
        {
            record = ShiftBack(record, TimeSpan.FromMinutes(_random.Next(60, 361)));
            kind = CommerceItemKind.Late;
        }

        var item = new CommerceItem(topic, record, key, kind, null, false);
        Add(item);
        if (_random.Chance(_options.Duplicates))
        {
            Add(item with { Kind = CommerceItemKind.Duplicate });
        }
    }

    private void Add(in CommerceItem item) => _queue.Enqueue(item);

    /// <summary>One fault per entity that every output form can carry, and the code the decoders give it.</summary>
    private static (object Record, string Code) Corrupt(object record) => record switch
    {
        Customer c => (c with { CustomerId = string.Empty }, RejectionCodes.MissingId),
        Product p => (p with { Price = -(p.Price ?? 1) - 1 }, CommerceRejectionCodes.NegativeAmount),
        Order o => (o with { Lines = new ValueList<OrderLine>(o.Lines.Select((l, i) => i == 0 ? l with { Quantity = -l.Quantity } : l)) }, CommerceRejectionCodes.NegativeQuantity),
        ProductView v => (v with { ViewDurationSeconds = -(v.ViewDurationSeconds ?? 1) }, CommerceRejectionCodes.NegativeDuration),
        UserInteraction u => (u with { Rating = 9 }, CommerceRejectionCodes.RatingOutOfRange),
        ClickEvent e => (e with { EventTime = new DateTimeOffset(1999, 6, 1, 0, 0, 0, TimeSpan.Zero) }, RejectionCodes.TimeOutOfRange),
        SystemLogEntry l => (l with { Message = string.Empty }, CommerceRejectionCodes.MissingField),
        _ => throw new ArgumentException($"not a commerce record: {record.GetType().Name}", nameof(record)),
    };

    private static object ShiftBack(object record, TimeSpan by) => record switch
    {
        Order o => o with { CreatedAt = o.CreatedAt - by },
        ProductView v => v with { ViewedAt = v.ViewedAt - by },
        UserInteraction u => u with { OccurredAt = u.OccurredAt - by },
        ClickEvent e => e with { EventTime = e.EventTime - by },
        SystemLogEntry l => l with { LoggedAt = l.LoggedAt - by },
        _ => record,
    };

    private Customer NewCustomer(int index)
    {
        var first = _random.Pick(FirstNames);
        var last = _random.Pick(LastNames);
        var province = _random.Pick(Provinces);
        var username = (first + last).ToLowerInvariant() + index.ToString(CultureInfo.InvariantCulture);
        var joined = _options.Start.AddDays(-_random.Next(1, 1_500)).AddSeconds(_random.Next(86_400));
        return new Customer
        {
            CustomerId = (1_000 + index).ToString(CultureInfo.InvariantCulture),
            Name = first + " " + last,
            FirstName = first,
            LastName = last,
            Username = username,
            Email = username + "@example.org",
            Gender = _random.Chance(0.55) ? CustomerGender.Female : CustomerGender.Male,
            BirthDate = new DateOnly(_random.Next(1960, 2006), _random.Next(1, 13), _random.Next(1, 29)),
            HomeLocation = province.Name,
            HomeCountry = "Indonesia",
            HomeLatitude = Math.Round(province.Lat + ((_random.NextDouble() - 0.5) * 0.2), 4),
            HomeLongitude = Math.Round(province.Long + ((_random.NextDouble() - 0.5) * 0.2), 4),
            DeviceType = _random.Pick(Devices),
            DeviceId = Uuid(),
            DeviceVersion = _random.Pick(DeviceVersions),
            AccountCreatedAt = joined,
            LastLoginAt = joined,
            UpdatedAt = _options.Start,
        };
    }

    private Product NewProduct(int index)
    {
        var (master, sub, articles) = _random.Pick(Categories);
        var article = _random.Pick(articles);
        var colour = _random.Pick(Colours);
        var gender = _random.Pick(ProductGenders);
        var brand = _random.Pick(Brands);
        return new Product
        {
            ProductId = (10_000 + index).ToString(CultureInfo.InvariantCulture),
            Name = $"{brand} {gender} {colour} {article}",
            Category = master,
            SubCategory = sub,
            ArticleType = article,
            Gender = gender,
            BaseColour = colour,
            Season = _random.Pick(Seasons),
            Year = _random.Next(2011, 2025),
            Usage = _random.Pick(Usages),
            Price = _random.Next(500, 20_000) * 100m,
            Currency = _options.Currency,
            StockQuantity = _random.Next(0, 500),
            Supplier = _random.Pick(Suppliers),
            Rating = _random.Next(10, 51) / 10m,
            UpdatedAt = _options.Start,
        };
    }

    private string Uuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }

    private static double[] Cumulative(int count, double exponent)
    {
        var weights = new double[count];
        var sum = 0.0;
        for (var i = 0; i < count; i++)
        {
            sum += 1 / Math.Pow(i + 1, exponent);
            weights[i] = sum;
        }

        return weights;
    }

    private int Zipf(double[] cumulative)
    {
        var target = _random.NextDouble() * cumulative[^1];
        var index = Array.BinarySearch(cumulative, target);
        return Math.Min(index < 0 ? ~index : index, cumulative.Length - 1);
    }
}
