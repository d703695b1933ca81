using System.Buffers.Binary;
using System.Text;
using Confluent.Kafka;
using Xunit;

namespace Facet.Testing;

/// <summary>
/// Deterministic test messages: message <c>i</c> carries its number in a "seq" header, a key (null for every 10th),
/// a value (null tombstone for every 50th), extra headers (one empty, one repeated name) and a CreateTime timestamp.
/// </summary>
public static class MirrorTestMessages
{
    public static readonly DateTime BaseTime = new(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc);

    public static Message<byte[], byte[]> Create(int i)
    {
        var seq = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(seq, i);
        var headers = new Headers
        {
            { "seq", seq },
            { "empty", [] },
            { "trace", Encoding.UTF8.GetBytes($"t-{i % 7}") },
            { "trace", [(byte)(i % 256), 0, 255] },
        };
        return new Message<byte[], byte[]>
        {
            Key = i % 10 == 0 ? null! : Encoding.UTF8.GetBytes($"key-{i % 37}"),
            Value = i % 50 == 49 ? null! : Payload(i),
            Headers = headers,
            Timestamp = new Timestamp(BaseTime.AddMilliseconds(i * 3L)),
        };
    }

    public static byte[] Payload(int i)
    {
        var value = new byte[16 + (i % 200)];
        new Random(i).NextBytes(value);
        return value;
    }

    public static int Sequence(Message<byte[], byte[]> message) =>
        BinaryPrimitives.ReadInt32BigEndian(message.Headers.GetLastBytes("seq"));

    /// <summary>Asserts the copy equals what <see cref="Create"/> made for its sequence number, byte for byte.</summary>
    public static void AssertIntact(Message<byte[], byte[]> copy)
    {
        var expected = Create(Sequence(copy));
        Assert.Equal(expected.Key, copy.Key);
        Assert.Equal(expected.Value, copy.Value);
        Assert.Equal(expected.Timestamp.UnixTimestampMs, copy.Timestamp.UnixTimestampMs);
        Assert.Equal(TimestampType.CreateTime, copy.Timestamp.Type);
        Assert.Equal(expected.Headers.Count, copy.Headers.Count);
        for (var h = 0; h < expected.Headers.Count; h++)
        {
            Assert.Equal(expected.Headers[h].Key, copy.Headers[h].Key);
            Assert.Equal(expected.Headers[h].GetValueBytes(), copy.Headers[h].GetValueBytes());
        }
    }

    /// <summary>Produces messages [from, to) round-robin over <paramref name="partitions"/> partitions (i % partitions).</summary>
    public static void Produce(string bootstrap, string topic, int from, int to, int partitions)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = bootstrap, LingerMs = 2, EnableIdempotence = true }).Build();
        for (var i = from; i < to; i++)
        {
            producer.Produce(new TopicPartition(topic, i % partitions), Create(i));
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
    }

    /// <summary>Every message of every partition of <paramref name="topic"/>, read up to the high watermarks.</summary>
    public static List<ConsumeResult<byte[], byte[]>> ReadAll(string bootstrap, string topic)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            IsolationLevel = IsolationLevel.ReadCommitted,
        }).Build();
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        var ends = partitions.ToDictionary(p => p.Partition.Value, p => consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High.Value);
        var all = new List<ConsumeResult<byte[], byte[]>>();
        var wanted = partitions.Where(p => ends[p.Partition.Value] > 0).Select(p => new TopicPartitionOffset(p, Offset.Beginning)).ToList();
        if (wanted.Count == 0)
        {
            return all;
        }

        consumer.Assign(wanted);
        var expected = ends.Values.Sum();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (all.Count < expected && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } result)
            {
                all.Add(result);
            }
        }

        Assert.Equal(expected, all.Count);
        return all;
    }

    /// <summary>The group's committed offsets on <paramref name="topic"/> (partition → next offset; absent when none).</summary>
    public static Dictionary<int, long> Committed(string bootstrap, string topic, string group, int partitions)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = group, EnableAutoCommit = false }).Build();
        return consumer.Committed(Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)), TimeSpan.FromSeconds(10))
            .Where(c => c.Offset.Value >= 0)
            .ToDictionary(c => c.Partition.Value, c => c.Offset.Value);
    }
}
