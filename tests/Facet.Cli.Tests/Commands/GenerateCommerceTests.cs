using System.Diagnostics;
using System.Text.Json;
using Confluent.Kafka;
using Facet.Core.Commerce;
using Facet.Core.Commerce.Csv;
using Facet.Testing;

namespace Facet.Cli.Tests.Commands;

/// <summary><c>facet generate --dataset commerce</c> as a user runs it: files per entity, Shape B's CSV files, Kafka topics.</summary>
public sealed class GenerateCommerceTests : IClassFixture<EmbeddedKafka>
{
    private const string Start = "2026-11-20T00:00:00Z";

    private readonly EmbeddedKafka _kafka;

    public GenerateCommerceTests(EmbeddedKafka kafka) => _kafka = kafka;

    [Fact]
    public async Task Commerce_to_a_folder_writes_one_ndjson_file_per_entity_identically_for_a_seed_with_a_truth_that_counts_every_line()
    {
        using var temp = new TempDirectory();
        string[] Args(string dir) =>
            ["generate", "--dataset", "commerce", "--out", temp.File(dir), "--count", "5000", "--seed", "5", "--start", Start, "--malformed", "0.02", "--duplicates", "0.02", "--late", "0.02", "--truth", temp.File(dir + ".json")];

        var first = await FacetProcess.RunAsync(Args("a"), TimeSpan.FromSeconds(120));
        var second = await FacetProcess.RunAsync(Args("b"), TimeSpan.FromSeconds(120));

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("facet generate --dataset commerce: 5000 messages", first.Error, StringComparison.Ordinal);
        using var truth = JsonDocument.Parse(await File.ReadAllTextAsync(temp.File("a.json")));
        Assert.Equal(5000, truth.RootElement.GetProperty("messages").GetInt64());
        var lines = 0;
        foreach (var topic in CommerceTopics.All)
        {
            var a = await File.ReadAllBytesAsync(Path.Combine(temp.File("a"), topic + ".ndjson"));
            Assert.Equal(a, await File.ReadAllBytesAsync(Path.Combine(temp.File("b"), topic + ".ndjson")));
            var count = (await File.ReadAllLinesAsync(Path.Combine(temp.File("a"), topic + ".ndjson"))).Length;
            Assert.Equal(truth.RootElement.GetProperty("topics").GetProperty(topic).GetProperty("messages").GetInt64(), count);
            lines += count;
        }

        Assert.Equal(5000, lines);
    }

    [Fact]
    public async Task Commerce_as_csv_writes_shape_b_files_with_their_schemas_that_the_csv_reader_reads()
    {
        using var temp = new TempDirectory();
        var dir = temp.File("shape-b");
        var (code, _, error) = await FacetProcess.RunAsync(["generate", "--dataset", "commerce", "--format", "csv", "--out", dir, "--count", "3000", "--start", Start, "--truth", temp.File("truth.json")], TimeSpan.FromSeconds(120));

        Assert.True(code == 0, error);
        using var truth = JsonDocument.Parse(await File.ReadAllTextAsync(temp.File("truth.json")));
        var topics = truth.RootElement.GetProperty("topics");
        (string File, CommerceCsvKind Kind, string Topic)[] files =
        [
            ("customer.csv", CommerceCsvKind.Customers, CommerceTopics.Customers), ("product.csv", CommerceCsvKind.Products, CommerceTopics.Products),
            ("transactions.csv", CommerceCsvKind.Transactions, CommerceTopics.Transactions), ("click_stream.csv", CommerceCsvKind.ClickStream, CommerceTopics.ClickStream),
        ];
        foreach (var (file, kind, topic) in files)
        {
            using var reader = CommerceCsvReader.Open(Path.Combine(dir, file), new CommerceDecoderOptions { Clock = new StoppedClock(DateTimeOffset.Parse("2026-11-25T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)) });
            Assert.Equal(kind, reader.Kind);
            var rows = kind switch
            {
                CommerceCsvKind.Customers => reader.ReadCustomers().Count(d => d.IsAccepted),
                CommerceCsvKind.Products => reader.ReadProducts().Count(d => d.IsAccepted),
                CommerceCsvKind.Transactions => reader.ReadOrders().Count(d => d.IsAccepted),
                _ => reader.ReadClickEvents().Count(d => d.IsAccepted),
            };
            Assert.Equal(topics.GetProperty(topic).GetProperty("accepted").GetInt64(), rows);
            Assert.Equal(CommerceSchemas.Read(topic), await File.ReadAllTextAsync(Path.Combine(dir, Path.ChangeExtension(file, ".avsc"))));
        }

        Assert.True(File.Exists(Path.Combine(dir, "product_views.ndjson")));
    }

    [Fact]
    public async Task Commerce_to_kafka_produces_every_message_to_its_entity_topic()
    {
        var (code, _, error) = await FacetProcess.RunAsync(["generate", "--dataset", "commerce", "--kafka", _kafka.BootstrapServers, "--count", "2000", "--start", Start, "--customers", "100", "--products", "30"], TimeSpan.FromSeconds(120));

        Assert.True(code == 0, error);
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig { BootstrapServers = _kafka.BootstrapServers, GroupId = EmbeddedKafka.NewGroupId(), EnableAutoCommit = false, AutoOffsetReset = AutoOffsetReset.Earliest }).Build();
        consumer.Subscribe(CommerceTopics.All);
        var byTopic = new Dictionary<string, int>();
        var clock = Stopwatch.StartNew();
        while (byTopic.Values.Sum() < 2000 && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } result)
            {
                byTopic[result.Topic] = byTopic.GetValueOrDefault(result.Topic) + 1;
            }
        }

        Assert.Equal(2000, byTopic.Values.Sum());
        Assert.True(byTopic[CommerceTopics.Customers] >= 100, "every customer is sent before any activity");
        Assert.True(byTopic.ContainsKey(CommerceTopics.ClickStream) && byTopic.ContainsKey(CommerceTopics.ProductViews), string.Join(", ", byTopic));
        consumer.Close();
    }

    [Theory]
    [InlineData("--dataset,commerce,--count,5", "facet: --dataset commerce writes one topic or file per entity: give --kafka BOOTSTRAP or --out DIR.")]
    [InlineData("--dataset,commerce,--kafka,b:1,--format,csv", "facet: --format csv writes files: use it with --out DIR, not --kafka.")]
    [InlineData("--dataset,commerce,--out,x,--format,xml", "facet: --format must be ndjson or csv (got 'xml').")]
    [InlineData("--dataset,orders", "facet: --dataset must be clickstream or commerce (got 'orders').")]
    public async Task Commerce_with_bad_flags_exits_2_with_one_line_naming_the_fix(string arguments, string expected)
    {
        var (code, _, error) = await FacetProcess.RunAsync(["generate", .. arguments.Split(',')], TimeSpan.FromSeconds(60));
        Assert.Equal(2, code);
        Assert.Equal(expected, error.Trim());
    }

    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
