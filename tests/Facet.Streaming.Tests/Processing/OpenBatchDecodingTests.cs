using System.Globalization;
using System.Text;
using Confluent.SchemaRegistry;
using Facet.Core.Commerce;
using Facet.Core.Enrichment;
using Facet.Core.Events;
using Facet.Core.Parsing;
using Facet.Core.Streams;
using Facet.Storage;
using Facet.Storage.Streams;
using Facet.Streaming.Avro;
using Facet.Streaming.Avro.Commerce;
using Facet.Streaming.Processing;
using Facet.Streaming.Streams;
using Facet.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Facet.Streaming.Tests.Processing;

/// <summary>
/// `facet run`'s open batch decoded part by part while it fills: the same batch as a decoding of it whole at close,
/// and a whole decoding whenever the ledger gave messages back meanwhile.
/// </summary>
public sealed class OpenBatchDecodingTests : IAsyncLifetime
{
    private static readonly PartitionId Clicks0 = new("clicks", 0);
    private static readonly PartitionId Clicks1 = new("clicks", 1);
    private static readonly PartitionId Sessions0 = new("sessions", 0);

    private readonly TempDirectory _dir = new();
    private IWarehouse _warehouse = null!;

    public async Task InitializeAsync()
    {
        _warehouse = await WarehouseFactory.OpenAsync(WarehouseLocation.Parse("duckdb:" + _dir.File("w.duckdb")), new WarehouseOptions(), NullLoggerFactory.Instance, CancellationToken.None);
        await _warehouse.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _warehouse.DisposeAsync();
        _dir.Dispose();
    }

    private static StreamSet TwoStreams() => new([
        new StreamDefinition<EnrichedEvent>(StreamNames.Clickstream, [Clicks0.Topic], new ClickstreamDecoder(new EventParser(new ParserOptions()), StreamProcessorHarness.SharedEnricher.Value), static e => e.IsBot),
        new StreamDefinition<ClickEvent>(CommerceTopics.ClickStream, [Sessions0.Topic], new ClickEventDecoder()),
    ]);

    /// <summary>Clickstream events (every 50th a duplicate, every 97th malformed) and commerce clicks (every 11th invalid).</summary>
    private static RawMessage Message(PartitionId id, long offset)
    {
        var produced = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero).AddMilliseconds(offset);
        string json;
        if (id.Topic == Sessions0.Topic)
        {
            json = offset % 11 == 5
                ? "{\"event_id\": \"c-" + offset + "\", \"session_id\": \"s\", \"event_name\": \"NOT_AN_EVENT\", \"event_time\": \"2024-11-30T10:15:00Z\"}"
                : "{\"event_id\": \"c-" + offset + "\", \"session_id\": \"s-" + (offset % 97) + "\", \"event_name\": \"ADD_TO_CART\", \"event_time\": \"2024-11-30T10:15:00Z\"}";
        }
        else
        {
            var key = offset % 50 == 49 ? offset / 2 : offset;
            json = offset % 97 == 96
                ? "{\"id\":\"broken-" + offset + "\",\"collection\":"
                : TestEvents.ViewProductDetail($"evt-{id.Partition}-{key}", produced.AddSeconds(-5), productId: (100000 + (offset % 37)).ToString(CultureInfo.InvariantCulture));
        }

        return new RawMessage(Encoding.UTF8.GetBytes(json), SourcePosition.Kafka(id.Topic, id.Partition, offset), produced);
    }

    /// <summary>A ledger with <paramref name="ids"/> started, and its open batch's decoding.</summary>
    private static (PartitionLedger Ledger, OpenBatchDecoding Open) Opened(StreamSet streams, params PartitionId[] ids)
    {
        var ledger = new PartitionLedger();
        foreach (var id in ids)
        {
            ledger.Assign(id);
            ledger.Start(id, CheckpointAdvance.None);
        }

        return (ledger, new OpenBatchDecoding(streams, ledger, maxBatch: 30_000));
    }

    /// <summary>Adds messages round-robin over <paramref name="ids"/> to both, decoding each part when it is due, as the loop does.</summary>
    private static void Add(PartitionLedger ledger, OpenBatchDecoding open, PartitionId[] ids, long from, int perPartition)
    {
        for (var i = 0; i < perPartition; i++)
        {
            foreach (var id in ids)
            {
                var message = Message(id, from + i);
                Assert.True(ledger.Add(id, message));
                if (open.Added(message))
                {
                    open.DecodePart();
                }
            }
        }
    }

    private static void AssertSameBatch(DecodedBatch expected, DecodedBatch actual)
    {
        Assert.Equal(expected.Messages, actual.Messages);
        Assert.Equal(expected.Accepted, actual.Accepted);
        Assert.Equal(expected.Bots, actual.Bots);
        Assert.Equal(expected.OldestProduced, actual.OldestProduced);
        Assert.Equal(expected.Rows.Select(static r => (r.Stream, r.Count)).Order(), actual.Rows.Select(static r => (r.Stream, r.Count)).Order());
        Assert.Equal(
            expected.Rejections.Select(static r => (r.Position, r.Code)).OrderBy(static r => (r.Position.Source, r.Position.Partition, r.Position.Offset)),
            actual.Rejections.Select(static r => (r.Position, r.Code)).OrderBy(static r => (r.Position.Source, r.Position.Partition, r.Position.Offset)));
        // The records themselves (the parts add them in arrival order, a whole decoding in partition order).
        foreach (var rows in expected.Rows)
        {
            var other = actual.Rows.Single(r => r.Stream == rows.Stream);
            Assert.Equal(Ordered(rows), Ordered(other));
        }

        static IEnumerable<string> Ordered(StreamRows rows) => rows switch
        {
            StreamRows<EnrichedEvent> events => events.Records.Select(static e => $"{e.Event.EventId} {e.Event.EventTime:O} {e.IsBot}").Order(StringComparer.Ordinal),
            StreamRows<ClickEvent> clicks => clicks.Records.Select(static c => c.ToString()).Order(StringComparer.Ordinal),
            _ => throw new InvalidOperationException($"unexpected rows of {rows.Stream}"),
        };
    }

    [Fact]
    public void A_batch_decoded_part_by_part_while_it_fills_equals_its_decoding_whole_at_close()
    {
        var streams = TwoStreams();
        var (ledger, open) = Opened(streams, Clicks0, Clicks1, Sessions0);

        // 3 × 1,500 messages: four whole parts decoded as they filled, the rest at close.
        Add(ledger, open, [Clicks0, Clicks1, Sessions0], 0, 1_500);
        Assert.Equal(3 * 1_500 - (4 * OpenBatchDecoding.PartMessages), open.Undecoded);
        var taken = ledger.Take();

        var early = open.Finish(taken.Messages, _warehouse);

        Assert.NotNull(early);
        AssertSameBatch(streams.Decode(taken.Messages, _warehouse), early);
        Assert.Contains(early.Rejections, static r => r.Position.Source == Sessions0.Topic);
        Assert.Contains(early.Rejections, static r => r.Position.Source == Clicks0.Topic);
        Assert.Equal(0, open.Undecoded);
    }

    [Fact]
    public void A_partition_dropped_while_the_batch_fills_leaves_its_decoding_to_the_close()
    {
        var streams = TwoStreams();
        var (ledger, open) = Opened(streams, Clicks0, Clicks1, Sessions0);
        Add(ledger, open, [Clicks0, Clicks1, Sessions0], 0, 700);

        // Clicks1 is revoked: its untaken messages leave the ledger but were decoded (or are waiting) in the open batch.
        ledger.Drop(Clicks1);
        Add(ledger, open, [Clicks0, Sessions0], 700, 300);
        var taken = ledger.Take();

        Assert.Null(open.Finish(taken.Messages, _warehouse));
        Assert.Equal(0, open.Undecoded);

        // The next batch starts afresh and is decoded part by part again.
        Add(ledger, open, [Clicks0, Sessions0], 1_000, 600);
        var next = ledger.Take();
        var early = open.Finish(next.Messages, _warehouse);
        Assert.NotNull(early);
        AssertSameBatch(streams.Decode(next.Messages, _warehouse), early);
    }

    [Fact]
    public void A_batch_whose_messages_all_came_after_a_drop_is_still_decoded_part_by_part()
    {
        var streams = TwoStreams();
        var (ledger, open) = Opened(streams, Clicks0, Clicks1);
        Add(ledger, open, [Clicks1], 0, 500);
        ledger.Drop(Clicks1);
        Add(ledger, open, [Clicks0], 0, 1_200);
        var taken = ledger.Take();

        var early = open.Finish(taken.Messages, _warehouse);

        Assert.NotNull(early);
        Assert.Equal(1_200, early.Messages);
        AssertSameBatch(streams.Decode(taken.Messages, _warehouse), early);
    }

    [Fact]
    public void Messages_taken_back_by_a_resync_are_decoded_whole_with_the_batch_that_takes_them_again()
    {
        var streams = TwoStreams();
        var (ledger, open) = Opened(streams, Clicks0);
        Add(ledger, open, [Clicks0], 0, 400);
        var inFlight = ledger.Take();
        Assert.NotNull(open.Finish(inFlight.Messages, _warehouse));

        // The next batch fills while the first is written; a checkpoint conflict then puts the first one's messages back.
        Add(ledger, open, [Clicks0], 400, 300);
        ledger.Resync(static _ => CheckpointAdvance.None);
        var taken = ledger.Take();

        Assert.Equal(700, taken.Messages.Count);
        Assert.Null(open.Finish(taken.Messages, _warehouse));
    }

    [Fact]
    public void A_drop_and_a_resync_that_leave_as_many_messages_as_were_decoded_still_send_the_batch_to_a_whole_decoding()
    {
        var streams = TwoStreams();
        var (ledger, open) = Opened(streams, Clicks0, Clicks1);
        Add(ledger, open, [Clicks0], 0, 1_100);
        var inFlight = ledger.Take();
        Assert.NotNull(open.Finish(inFlight.Messages, _warehouse));

        // The open batch decodes 1,100 messages of Clicks1; Clicks1 is revoked, then a checkpoint conflict puts the
        // in-flight batch's 1,100 messages of Clicks0 back: as many messages, none of them the ones decoded.
        Add(ledger, open, [Clicks1], 0, 1_100);
        ledger.Drop(Clicks1);
        ledger.Resync(static _ => CheckpointAdvance.None);
        var taken = ledger.Take();

        Assert.Equal(1_100, taken.Messages.Count);
        Assert.All(taken.Messages, static m => Assert.Equal(Clicks0.Partition, m.Position.Partition));
        Assert.Null(open.Finish(taken.Messages, _warehouse));
    }

    [Fact]
    public void Streams_that_prepare_are_decoded_at_close_after_their_preparation()
    {
        // A client is only a configuration until it is asked for a schema: nothing listens at this address.
        using var registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = "http://127.0.0.1:9" });
        var avro = new StreamDefinition<Customer>(CommerceTopics.Customers, ["customers-avro"],
            CommerceAvroDecoders.Create(CommerceTopics.Customers, new AvroWriterSchemas(registry), new CustomerDecoder()));
        var partition = new PartitionId("customers-avro", 0);
        var (ledger, open) = Opened(new StreamSet([avro]), partition);
        var message = new RawMessage(new byte[] { 0, 0, 0, 0, 1 }, SourcePosition.Kafka(partition.Topic, partition.Partition, 0));

        for (var i = 0; i < OpenBatchDecoding.PartMessages; i++)
        {
            Assert.True(ledger.Add(partition, message));
            Assert.False(open.Added(message));
        }

        Assert.Equal(0, open.Undecoded);
        Assert.Null(open.Finish(ledger.Take().Messages, _warehouse));
    }
}
