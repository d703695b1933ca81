using System.Text.Json;
using System.Text.RegularExpressions;
using Confluent.SchemaRegistry;
using Facet.Core.Commerce;
using Facet.Core.Events;
using Facet.Core.Streams;
using Facet.Simulation.Commerce;
using Facet.Storage;
using Facet.Streaming.Avro;
using Facet.Streaming.Avro.Commerce;
using Facet.Testing;
using Xunit;

namespace Facet.Streaming.Tests.Avro;

/// <summary>
/// Every generated commerce record of the seven entities, written as Avro by Confluent's serializer through Facet's
/// registry, decodes to the record its JSON form decodes to; every malformed one is rejected with the code the
/// generator's truth gives it (the same rules as JSON: the Avro record is validated by the JSON decoder).
/// </summary>
public sealed partial class CommerceAvroRoundTripTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory = new();
    private SchemaRegistryHost _registry = null!;
    private CachedSchemaRegistryClient _client = null!;

    public async Task InitializeAsync()
    {
        _registry = await SchemaRegistryHost.StartAsync(WarehouseLocation.Parse("duckdb:" + _directory.File("registry.duckdb")));
        _client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = _registry.ClientUrl });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _registry.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Every_generated_record_round_trips_through_avro_and_the_truth_equals_what_the_avro_decoders_accept_and_reject()
    {
        var generator = new CommerceGenerator(new CommerceGeneratorOptions { Seed = 17, Start = Start, Customers = 150, Products = 60, Malformed = 0.05, Duplicates = 0.03, Late = 0.03 })
        {
            AvroTopics = CommerceTopics.All.ToHashSet(),
        };
        var serializer = new AvroValueSerializer(_client);
        var schemas = new AvroWriterSchemas(_client);
        var options = new CommerceDecoderOptions { Clock = new FixedClock(Start.AddDays(30)) };
        var decoders = new Dictionary<string, TopicDecoder>
        {
            [CommerceTopics.Customers] = TopicDecoder.Of(new CustomerDecoder(options), schemas, CommerceTopics.Customers, CommerceJsonWriter.Write),
            [CommerceTopics.Products] = TopicDecoder.Of(new ProductDecoder(options), schemas, CommerceTopics.Products, CommerceJsonWriter.Write),
            [CommerceTopics.Transactions] = TopicDecoder.Of(new OrderDecoder(options), schemas, CommerceTopics.Transactions, CommerceJsonWriter.Write),
            [CommerceTopics.ProductViews] = TopicDecoder.Of(new ProductViewDecoder(options), schemas, CommerceTopics.ProductViews, CommerceJsonWriter.Write),
            [CommerceTopics.UserInteractions] = TopicDecoder.Of(new UserInteractionDecoder(options), schemas, CommerceTopics.UserInteractions, CommerceJsonWriter.Write),
            [CommerceTopics.ClickStream] = TopicDecoder.Of(new ClickEventDecoder(options), schemas, CommerceTopics.ClickStream, CommerceJsonWriter.Write),
            [CommerceTopics.SystemLogs] = TopicDecoder.Of(new SystemLogDecoder(options), schemas, CommerceTopics.SystemLogs, CommerceJsonWriter.Write),
        };

        var items = Enumerable.Range(0, 6000).Select(_ => generator.Next()).ToList();
        var values = new List<byte[]>(items.Count);
        foreach (var item in items)
        {
            var bytes = await serializer.SerializeAsync(CommerceAvroRecords.ToAvro(item.Record), item.Topic);
            values.Add(item.Truncate ? bytes[..(5 + ((bytes.Length - 5) / 2))] : bytes);
        }

        await schemas.PrepareAsync(values.Select(static v => (ReadOnlyMemory<byte>)v), CancellationToken.None);
        var accepted = new Dictionary<string, long>();
        var rejected = new Dictionary<(string Topic, string Code), long>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var decoder = decoders[item.Topic];
            var (avroJson, avroCode) = decoder.Decode(values[i]);
            if (item.Kind == CommerceItemKind.Malformed)
            {
                Assert.True(avroCode == item.RejectionCode, $"{item.Topic} #{i}: expected {item.RejectionCode}, got {avroCode ?? "accepted"}");
                rejected[(item.Topic, avroCode!)] = rejected.GetValueOrDefault((item.Topic, avroCode!)) + 1;
                continue;
            }

            Assert.True(avroCode is null, $"{item.Topic} #{i} rejected as {avroCode}");
            var (jsonJson, jsonCode) = decoder.DecodeJson(item.Record);
            Assert.Null(jsonCode);
            // timestamp-micros keeps microseconds, decimal(19,4) writes 4 decimals: compare at that precision.
            Assert.Equal(Normalized(jsonJson!), Normalized(avroJson!));
            accepted[item.Topic] = accepted.GetValueOrDefault(item.Topic) + 1;
        }

        Assert.All(CommerceTopics.All, topic => Assert.Equal(generator.Truth[topic].Accepted, accepted.GetValueOrDefault(topic)));
        Assert.All(CommerceTopics.All, topic => Assert.Equal(
            generator.Truth[topic].Rejections.Select(static r => (r.Key, r.Value)).Order(),
            rejected.Where(r => r.Key.Topic == topic).Select(static r => (r.Key.Code, r.Value)).Order()));
        Assert.True(generator.Truth[CommerceTopics.Transactions].Rejections.ContainsKey(AvroRejectionCodes.Truncated), "some truncated Avro messages");
        Assert.All(CommerceTopics.All, topic => Assert.True(accepted.GetValueOrDefault(topic) > 0, $"{topic} has records"));
    }

    private static string Normalized(string json) =>
        DotAtEnd().Replace(TrailingZeros().Replace(Fraction().Replace(json, static m =>
        {
            var digits = m.Groups[1].Value[..Math.Min(6, m.Groups[1].Value.Length)].TrimEnd('0');
            return (digits.Length == 0 ? "" : "." + digits) + "Z\"";
        }), "$1.$2"), "$1");

    [GeneratedRegex(@"(\d)\.(\d*?)0+(?=[,}\]])")]
    private static partial Regex TrailingZeros();

    [GeneratedRegex(@"(\d)\.(?=[,}\]])")]
    private static partial Regex DotAtEnd();

    [GeneratedRegex(@"\.(\d+)Z""")]
    private static partial Regex Fraction();

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>One topic's Avro decoder and JSON decoder, both answering as Facet's JSON form of the record (or a code).</summary>
    private sealed class TopicDecoder(Func<byte[], (string?, string?)> avro, Func<object, (string?, string?)> json)
    {
        public (string? Json, string? Code) Decode(byte[] value) => avro(value);

        public (string? Json, string? Code) DecodeJson(object record) => json(record);

        public static TopicDecoder Of<T>(IRecordDecoder<T> jsonDecoder, AvroWriterSchemas schemas, string topic, Action<Utf8JsonWriter, T> write)
            where T : class
        {
            var avroDecoder = CommerceAvroDecoders.Create(topic, schemas, jsonDecoder);
            var position = SourcePosition.Kafka(topic, 0, 0);
            (string?, string?) Answer(Decoded<T> decoded) => decoded.IsAccepted
                ? (System.Text.Encoding.UTF8.GetString(CommerceJsonWriter.ToUtf8(decoded.Record, write)), null)
                : (null, decoded.Rejection.Code);
            return new TopicDecoder(
                value => Answer(avroDecoder.Decode(value, position)),
                record => Answer(jsonDecoder.Decode(CommerceJsonWriter.ToUtf8((T)record, write), position)));
        }
    }
}
