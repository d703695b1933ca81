using System.Text;
using Facet.Core.Commerce;
using Facet.Core.Commerce.Csv;
using Facet.Core.Events;
using Facet.Core.Streams;
using Facet.Simulation.Commerce;
using Facet.Testing;
using FsCheck;
using FsCheck.Xunit;

namespace Facet.Simulation.Tests.Commerce;

/// <summary>The truth file equals what the decoders accept and reject on the generator's output, in every form.</summary>
public sealed class CommerceGeneratorTruthTests
{
    private const int Messages = 6_000;

    [Property(MaxTest = 6)]
    public void The_truth_equals_what_the_json_decoders_accept_and_reject(int seed, byte duplicates, byte malformed, byte late)
    {
        var generator = new CommerceGenerator(Options(seed, duplicates, malformed, late));
        var encoder = new CommerceJsonEncoder();
        var observed = new Observed();
        var decoders = Decoders(generator);
        for (var i = 0; i < Messages; i++)
        {
            var item = generator.Next();
            var bytes = encoder.Encode(item).ToArray();
            observed.Add(item.Topic, decoders[item.Topic](bytes), bytes);
        }

        observed.AssertEquals(generator.Truth, exactCopiesAreDuplicates: true);
    }

    [Property(MaxTest = 3)]
    public void The_truth_equals_what_the_csv_reader_and_json_decoders_accept_and_reject_on_csv_output(int seed, byte duplicates, byte malformed, byte late)
    {
        using var directory = new TempDirectory();
        var generator = new CommerceGenerator(Options(seed, duplicates, malformed, late)) { ForCsv = true };
        using (var output = CommerceOutput.ToDirectory(directory.Path, csv: true))
        {
            for (var i = 0; i < Messages; i++)
            {
                output.Write(generator.Next());
            }

            output.Flush(CancellationToken.None);
        }

        var observed = new Observed();
        var options = DecoderOptions(generator);
        foreach (var topic in CommerceTopics.All)
        {
            if (ShapeBCsvFormat.FileOf(topic) is { } file)
            {
                using var reader = CommerceCsvReader.Open(directory.File(file), options);
                Assert.Equal(CommerceCsvFileKind(topic), reader.Kind);
                foreach (var (decoded, raw) in Rows(reader))
                {
                    observed.Add(topic, decoded, raw);
                }

                Assert.True(File.Exists(directory.File(Path.ChangeExtension(file, ".avsc"))));
            }
            else
            {
                var decode = Decoders(generator)[topic];
                foreach (var line in File.ReadLines(directory.File(topic + ".ndjson")))
                {
                    var bytes = Encoding.UTF8.GetBytes(line);
                    observed.Add(topic, decode(bytes), bytes);
                }
            }
        }

        // Shape B's files have no column for a customer's last_login or a product's price, so versions of one entity
        // can be identical rows there: only the counts are compared for CSV, not distinct rows.
        observed.AssertEquals(generator.Truth, exactCopiesAreDuplicates: false);
    }

    [Fact]
    public void The_same_seed_gives_the_same_messages_and_another_seed_does_not()
    {
        static List<string> Run(long seed)
        {
            var generator = new CommerceGenerator(new CommerceGeneratorOptions { Seed = seed, Customers = 50, Products = 20, Malformed = 0.05, Duplicates = 0.05, Late = 0.05 });
            var encoder = new CommerceJsonEncoder();
            return Enumerable.Range(0, 2_000).Select(_ => generator.Next()).Select(i => i.Topic + " " + Encoding.UTF8.GetString(encoder.Encode(i).Span)).ToList();
        }

        Assert.Equal(Run(7), Run(7));
        Assert.NotEqual(Run(7), Run(8));
    }

    [Fact]
    public void The_world_starts_with_every_customer_and_product_and_then_references_only_them()
    {
        var generator = new CommerceGenerator(new CommerceGeneratorOptions { Customers = 30, Products = 10 });
        var items = Enumerable.Range(0, 3_000).Select(_ => generator.Next()).ToList();
        Assert.All(items.Take(30), i => Assert.Equal(CommerceTopics.Customers, i.Topic));
        Assert.All(items.Skip(30).Take(10), i => Assert.Equal(CommerceTopics.Products, i.Topic));
        var customers = items.Take(30).Select(i => ((Customer)i.Record).CustomerId).ToHashSet();
        var products = items.Skip(30).Take(10).Select(i => ((Product)i.Record).ProductId).ToHashSet();
        var orders = items.Select(i => i.Record).OfType<Order>().ToList();
        Assert.NotEmpty(orders);
        Assert.All(orders, o => Assert.Contains(o.CustomerId, customers));
        Assert.All(orders.SelectMany(o => o.Lines), l => Assert.Contains(l.ProductId, products));
        Assert.All(items.Select(i => i.Record).OfType<ProductView>(), v => Assert.Contains(v.ProductId, products));

        // Entity updates: customers log in again and products change price, as new versions of the same ids.
        Assert.Contains(items.Skip(40), i => i.Topic == CommerceTopics.Customers);
        Assert.Contains(items.Where(i => i.Topic == CommerceTopics.Customers).GroupBy(i => i.Key), g => g.Count() > 1);
    }

    private static CommerceGeneratorOptions Options(int seed, byte duplicates, byte malformed, byte late) => new()
    {
        Seed = seed,
        Customers = 200,
        Products = 60,
        Duplicates = duplicates / 1000.0,
        Malformed = malformed / 1000.0,
        Late = late / 1000.0,
    };

    private static CommerceDecoderOptions DecoderOptions(CommerceGenerator generator) =>
        new() { Clock = new FixedTime(generator.Clock.AddHours(2)), DefaultCurrency = "IDR" };

    private static Dictionary<string, Func<byte[], Decoded<object>>> Decoders(CommerceGenerator generator)
    {
        var options = DecoderOptions(generator);
        return new Dictionary<string, Func<byte[], Decoded<object>>>
        {
            [CommerceTopics.Customers] = b => Erase(new CustomerDecoder(options).Decode(b, Position)),
            [CommerceTopics.Products] = b => Erase(new ProductDecoder(options).Decode(b, Position)),
            [CommerceTopics.Transactions] = b => Erase(new OrderDecoder(options).Decode(b, Position)),
            [CommerceTopics.ProductViews] = b => Erase(new ProductViewDecoder(options).Decode(b, Position)),
            [CommerceTopics.UserInteractions] = b => Erase(new UserInteractionDecoder(options).Decode(b, Position)),
            [CommerceTopics.ClickStream] = b => Erase(new ClickEventDecoder(options).Decode(b, Position)),
            [CommerceTopics.SystemLogs] = b => Erase(new SystemLogDecoder(options).Decode(b, Position)),
        };
    }

    private static readonly SourcePosition Position = SourcePosition.Kafka("t", 0, 0);

    private static Decoded<object> Erase<T>(Decoded<T> decoded)
        where T : class => decoded.IsAccepted ? Decoded<object>.Accepted(decoded.Record) : Decoded<object>.Rejected(decoded.Rejection);

    private static IEnumerable<(Decoded<object>, byte[])> Rows(CommerceCsvReader reader) => reader.Kind switch
    {
        CommerceCsvKind.Customers => reader.ReadCustomers().Select(d => (Erase(d), RawOf(d.Record, d.Rejection))),
        CommerceCsvKind.Products => reader.ReadProducts().Select(d => (Erase(d), RawOf(d.Record, d.Rejection))),
        CommerceCsvKind.Transactions => reader.ReadOrders().Select(d => (Erase(d), RawOf(d.Record, d.Rejection))),
        _ => reader.ReadClickEvents().Select(d => (Erase(d), RawOf(d.Record, d.Rejection))),
    };

    private static byte[] RawOf(object? record, Rejection? rejection) => rejection?.Raw.ToArray() ?? Encoding.UTF8.GetBytes(record!.ToString()!);

    private static CommerceCsvKind CommerceCsvFileKind(string topic) => topic switch
    {
        CommerceTopics.Customers => CommerceCsvKind.Customers,
        CommerceTopics.Products => CommerceCsvKind.Products,
        CommerceTopics.Transactions => CommerceCsvKind.Transactions,
        _ => CommerceCsvKind.ClickStream,
    };

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>What the decoders made of one run, per topic.</summary>
    private sealed class Observed
    {
        private readonly Dictionary<string, (long Accepted, SortedDictionary<string, long> Rejected, HashSet<string> Distinct, List<object> Records)> _topics =
            CommerceTopics.All.ToDictionary(t => t, _ => (0L, new SortedDictionary<string, long>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal), new List<object>()));

        public void Add(string topic, Decoded<object> decoded, byte[] raw)
        {
            var t = _topics[topic];
            if (decoded.IsAccepted)
            {
                t.Distinct.Add(Convert.ToBase64String(raw));
                t.Records.Add(decoded.Record);
                _topics[topic] = (t.Accepted + 1, t.Rejected, t.Distinct, t.Records);
            }
            else
            {
                t.Rejected[decoded.Rejection.Code] = t.Rejected.GetValueOrDefault(decoded.Rejection.Code) + 1;
            }
        }

        public void AssertEquals(CommerceTruth truth, bool exactCopiesAreDuplicates)
        {
            foreach (var topic in CommerceTopics.All)
            {
                var expected = truth[topic];
                var actual = _topics[topic];
                Assert.True(expected.Accepted == actual.Accepted, $"{topic}: truth accepts {expected.Accepted}, the decoders {actual.Accepted}");
                Assert.Equal(expected.Rejections, actual.Rejected);
                if (exactCopiesAreDuplicates)
                {
                    Assert.True(expected.Valid == actual.Distinct.Count, $"{topic}: truth has {expected.Valid} valid, the decoders {actual.Distinct.Count} distinct");
                }
            }

            // Totals over the distinct orders (a duplicate is an exact copy of the order before it).
            var orders = _topics[CommerceTopics.Transactions].Records.Cast<Order>().DistinctBy(o => o.OrderId).ToList();
            var tx = truth[CommerceTopics.Transactions];
            Assert.Equal(tx.Valid, orders.Count);
            Assert.Equal(tx.Lines, orders.Sum(o => (long)o.Lines.Count));
            Assert.Equal(tx.Units, orders.Sum(o => o.Lines.Sum(l => (long)l.Quantity)));
            Assert.Equal(tx.Amount, orders.Sum(o => o.TotalAmount ?? 0));
            Assert.Equal(tx.TotalMismatches, orders.Count(o => o.TotalMismatch));
            var views = _topics[CommerceTopics.ProductViews].Records.Cast<ProductView>().DistinctBy(v => v.ViewId).ToList();
            Assert.Equal(truth[CommerceTopics.ProductViews].DurationSeconds, views.Sum(v => v.ViewDurationSeconds ?? 0));
        }
    }
}
