using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Facet.Simulation.Generation;

/// <summary>
/// Generates a Glamira-style event stream: UTF-8 JSON lines with the real stream's collection mix, sessions, quirks
/// and, on request, duplicates, malformed messages and late events, while keeping the ground truth
/// (<see cref="ToTruth"/>). Deterministic: the same <see cref="GeneratorOptions"/> and database give byte-identical
/// output. Single-threaded: one generator per producing loop. The model is described in docs/generator.md.
/// </summary>
public sealed partial class EventGenerator
{
    private const int SessionPoolSize = 4_096;
    private const int DuplicateRingSize = 1_024;
    private const double MeanSessionEvents = 12;

    /// <summary>Hourly traffic shape over the UTC day (European evening peak); normalized to mean 1 at construction.</summary>
    private static readonly double[] DayCurve =
    [
        0.55, 0.40, 0.30, 0.25, 0.25, 0.35, 0.55, 0.80, 1.00, 1.10, 1.15, 1.20,
        1.25, 1.20, 1.20, 1.25, 1.30, 1.40, 1.55, 1.65, 1.60, 1.40, 1.10, 0.80,
    ];

    private static readonly (string Country, double Weight)[] AbroadOrigins =
    [
        ("US", 30), ("DE", 10), ("GB", 8), ("FR", 6), ("NL", 5), ("VN", 5), ("IN", 4), ("IT", 4), ("ES", 4), ("PL", 3),
        ("TR", 3), ("RO", 3), ("BR", 3), ("CH", 2), ("AT", 2), ("SE", 2), ("IE", 2), ("CA", 2), ("AU", 2), ("UA", 2),
        ("RU", 2), ("AE", 2), ("SG", 1), ("JP", 1), ("MX", 1),
    ];

    private readonly GeneratorOptions _options;
    private readonly CountryNetworks _networks;
    private readonly GeneratorRandom _random;
    private readonly GeneratorStore[] _stores;
    private readonly byte[][] _storeHosts;
    private readonly byte[][] _storeIds;
    private readonly byte[][] _storePrefixes;
    private readonly WeightedChoice _storeChoice;
    private readonly string[] _abroadCountries;
    private readonly WeightedChoice _abroadChoice;
    private readonly ProductCatalog _products;
    private readonly UserAgentCatalog _userAgents;
    private readonly WeightedChoice _shopperCollections = new(Collections.ShopperWeights);
    private readonly WeightedChoice _crawlerCollections = new(Collections.CrawlerWeights);
    private readonly WeightedChoice _malformedKinds;
    private readonly double[] _curve;
    private readonly Session[] _shoppers = new Session[SessionPoolSize];
    private readonly Session[] _crawlers = new Session[64];
    private readonly Bogus.Faker _faker;

    private readonly ArrayBufferWriter<byte> _buffer = new(4_096);
    private readonly Utf8JsonWriter _json;
    private readonly byte[][] _ring = new byte[DuplicateRingSize][];
    private readonly int[] _ringLengths = new int[DuplicateRingSize];
    private readonly bool[] _ringBots = new bool[DuplicateRingSize];
    private readonly int[] _ringCollections = new int[DuplicateRingSize];
    private int _ringCount;
    private byte[] _output = new byte[4_096];

    private double _simSeconds;
    private long _sequence;
    private readonly Truth _truth;

    /// <summary>Builds the catalogs (Bogus names, products, stores); no I/O. <paramref name="networks"/> comes from <see cref="CountryNetworks.Load"/>.</summary>
    public EventGenerator(GeneratorOptions options, CountryNetworks networks)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(networks);
        options.Validate();
        _options = options;
        _networks = networks;
        _random = GeneratorRandom.For(options.Seed, 1);
        _faker = new Bogus.Faker("en") { Random = new Bogus.Randomizer(unchecked((int)options.Seed ^ 0x2F6E)) };
        _stores = [.. StoreCatalog.All];
        _storeHosts = [.. _stores.Select(s => Encoding.UTF8.GetBytes($"https://www.{s.Domain}"))];
        _storeIds = [.. _stores.Select(s => Encoding.UTF8.GetBytes(s.StoreId))];
        _storePrefixes = [.. _stores.Select(s => Encoding.UTF8.GetBytes(s.PathPrefix))];
        _storeChoice = new WeightedChoice([.. _stores.Select(s => s.Traffic)]);
        _abroadCountries = [.. AbroadOrigins.Where(o => networks.Has(o.Country)).Select(o => o.Country)];
        if (_abroadCountries.Length == 0)
        {
            throw new ArgumentException($"The IP database '{networks.Source}' has no networks in any common country; is it a DB-IP or MaxMind city/country database?", nameof(networks));
        }

        _abroadChoice = new WeightedChoice([.. AbroadOrigins.Where(o => networks.Has(o.Country)).Select(o => o.Weight)]);
        _products = new ProductCatalog(options.CatalogSeed ?? options.Seed, options.Products);
        _userAgents = new UserAgentCatalog(options.Start);
        _malformedKinds = new WeightedChoice(MalformedWeights);
        var mean = DayCurve.Average();
        _curve = [.. DayCurve.Select(c => c / mean)];
        _simSeconds = options.Start.ToUnixTimeSeconds();
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions
        {
            // Shops send raw UTF-8 (é, €, £) rather than \u escapes; the relaxed encoder keeps it so.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            SkipValidation = true,
        });
        _truth = new Truth(options.TrackIds);
    }

    public GeneratorOptions Options => _options;

    /// <summary>Messages generated so far.</summary>
    public long Count => _sequence;

    /// <summary>The simulated clock: the event time of the latest on-time event.</summary>
    public DateTimeOffset SimulatedTime => DateTimeOffset.FromUnixTimeMilliseconds((long)(_simSeconds * 1000));

    /// <summary>The counts so far, by kind.</summary>
    public GenerationCounts Counts => _truth.Counts;

    /// <summary>Generates the next message. Its payload is valid until the next call.</summary>
    public GeneratedEvent Next()
    {
        _sequence++;
        var roll = _random.NextDouble();
        if (roll < _options.Duplicates && _ringCount > 0)
        {
            return NextDuplicate();
        }

        if (roll < _options.Duplicates + _options.Malformed)
        {
            return NextMalformed();
        }

        AdvanceClock();
        var isBot = _options.Bots > 0 && _random.Chance(_options.Bots);
        var late = _options.Late > 0 && _random.Chance(_options.Late);
        var timestamp = (long)_simSeconds;
        if (late)
        {
            timestamp -= _random.Next(3_600, 6 * 3_600);
        }

        WriteEvent(isBot, timestamp, Fault.None, out var collection, out var session, out var product, out var id);
        var payload = _buffer.WrittenMemory;
        if (_options.Duplicates > 0)
        {
            Remember(payload.Span, isBot, collection);
        }

        _truth.Valid(late, isBot, collection, timestamp, session.Store, product, id);
        return new GeneratedEvent(payload, late ? GeneratedEventKind.Late : GeneratedEventKind.Valid, isBot, Collections.Names[collection], null, session.IpCountry);
    }

    /// <summary>
    /// The traffic intensity of the day-night curve at <paramref name="time"/> (mean 1 over a UTC day): the simulated
    /// event rate there is <see cref="GeneratorOptions.EventsPerSecond"/> times this.
    /// </summary>
    public static double TrafficIntensity(DateTimeOffset time)
    {
        var mean = DayCurve.Average();
        var secondOfDay = time.ToUnixTimeMilliseconds() / 1000.0 % 86_400;
        var hour = (int)(secondOfDay / 3_600);
        var fraction = secondOfDay / 3_600 - hour;
        return (DayCurve[hour] + (DayCurve[(hour + 1) % 24] - DayCurve[hour]) * fraction) / mean;
    }

    /// <summary>The ground truth of everything generated so far.</summary>
    public TruthDocument ToTruth() => _truth.ToDocument(_options, _products, _stores);

    private void AdvanceClock()
    {
        // Simulated time advances by 1 / (rate × curve(hour)): the density of event times follows the day-night curve.
        var secondOfDay = _simSeconds % 86_400;
        var hour = (int)(secondOfDay / 3_600);
        var fraction = secondOfDay / 3_600 - hour;
        var intensity = _curve[hour] + (_curve[(hour + 1) % 24] - _curve[hour]) * fraction;
        _simSeconds += 1.0 / (_options.EventsPerSecond * intensity);
    }

    private GeneratedEvent NextDuplicate()
    {
        var index = _random.Next(_ringCount);
        var length = _ringLengths[index];
        EnsureOutput(length);
        _ring[index].AsSpan(0, length).CopyTo(_output);
        _truth.Duplicate();
        return new GeneratedEvent(_output.AsMemory(0, length), GeneratedEventKind.Duplicate, _ringBots[index], Collections.Names[_ringCollections[index]], null, null);
    }

    private void Remember(ReadOnlySpan<byte> payload, bool isBot, int collection)
    {
        // A ring of recent valid events to re-send: duplicates in the real stream are retries of recent messages.
        var index = _ringCount < DuplicateRingSize ? _ringCount++ : _random.Next(DuplicateRingSize);
        if (_ring[index] is not { } slot || slot.Length < payload.Length)
        {
            _ring[index] = slot = new byte[Math.Max(payload.Length, 1_024)];
        }

        payload.CopyTo(slot);
        _ringLengths[index] = payload.Length;
        _ringBots[index] = isBot;
        _ringCollections[index] = collection;
    }

    private void EnsureOutput(int length)
    {
        if (_output.Length < length + 16)
        {
            _output = new byte[Math.Max(length + 16, _output.Length * 2)];
        }
    }
}
