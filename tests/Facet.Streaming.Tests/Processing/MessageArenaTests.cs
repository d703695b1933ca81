using System.Runtime.InteropServices;
using Confluent.Kafka;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Facet.Core.Enrichment;
using Facet.Core.Events;
using Facet.Storage.Streams;
using Facet.Streaming.Processing;
using Facet.Streaming.Streams;

namespace Facet.Streaming.Tests.Processing;

/// <summary>Consumed message values copied into reused blocks: a block comes back only when none of its messages is live.</summary>
public sealed class MessageArenaTests
{
    private const int Kilobyte = 1024;

    private static byte[] Value(int length, int seed) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 31 + seed))];

    private static byte[] BlockOf(ReadOnlyMemory<byte> value) =>
        MemoryMarshal.TryGetArray(value, out var segment) ? segment.Array! : throw new InvalidOperationException("not an array");

    [Fact]
    public void Copies_hold_the_values_side_by_side_in_one_block()
    {
        var arena = new MessageArena();
        var first = arena.Copy(Value(700, 1));
        var second = arena.Copy(Value(900, 2));

        Assert.Equal(Value(700, 1), first.ToArray());
        Assert.Equal(Value(900, 2), second.ToArray());
        Assert.Same(BlockOf(first), BlockOf(second));
        Assert.True(arena.Holds(first));
        Assert.Equal(1, arena.BlocksInUse);
    }

    [Fact]
    public void A_block_is_reused_only_once_every_message_in_it_is_released()
    {
        var arena = new MessageArena();
        var inFirst = new List<ReadOnlyMemory<byte>>();
        var value = Value(64 * Kilobyte, 3);
        var next = arena.Copy(value);
        var firstBlock = BlockOf(next);
        while (ReferenceEquals(BlockOf(next), firstBlock))
        {
            inFirst.Add(next);
            next = arena.Copy(value);
        }

        // The first block is full and the second is being filled; all but one of the first's messages leave.
        foreach (var message in inFirst.Skip(1))
        {
            arena.Release(message);
        }

        var secondBlock = BlockOf(next);
        var laterBlocks = new List<byte[]>();
        for (var i = 0; i < 2 * MessageArena.BlockBytes / value.Length; i++)
        {
            laterBlocks.Add(BlockOf(arena.Copy(value)));
        }

        Assert.DoesNotContain(laterBlocks, b => ReferenceEquals(b, firstBlock));
        Assert.Equal(value, inFirst[0].ToArray());

        arena.Release(inFirst[0]);
        Assert.Equal(1, arena.FreeBlocks);
        var afterRelease = new List<byte[]>();
        for (var i = 0; i < MessageArena.BlockBytes / value.Length + 1; i++)
        {
            afterRelease.Add(BlockOf(arena.Copy(value)));
        }

        Assert.Contains(afterRelease, b => ReferenceEquals(b, firstBlock));
        Assert.NotSame(firstBlock, secondBlock);
    }

    [Fact]
    public void A_value_larger_than_an_eighth_of_a_block_gets_an_array_of_its_own()
    {
        var arena = new MessageArena();
        var large = Value(MessageArena.LargestCopied + 1, 4);

        var copy = arena.Copy(large);

        Assert.Equal(large, copy.ToArray());
        Assert.Equal(large.Length, BlockOf(copy).Length);
        Assert.False(arena.Holds(copy));
        arena.Release(copy);
        Assert.Equal(0, arena.BlocksInUse);
    }

    [Fact]
    public void Releasing_more_values_than_a_block_holds_throws()
    {
        var arena = new MessageArena();
        var value = arena.Copy(Value(10, 5));
        arena.Release(value);

        Assert.Throws<InvalidOperationException>(() => arena.Release(value));
    }

    [Fact]
    public void As_the_consumers_deserializer_it_copies_the_value_and_reads_a_null_one_as_empty()
    {
        IDeserializer<ReadOnlyMemory<byte>> arena = new MessageArena();
        var context = new SerializationContext(MessageComponentType.Value, "t");

        Assert.True(arena.Deserialize(ReadOnlySpan<byte>.Empty, isNull: true, context).IsEmpty);
        Assert.Equal(Value(50, 7), arena.Deserialize(Value(50, 7), isNull: false, context).ToArray());
    }

    [Fact]
    public void A_rejections_raw_bytes_in_the_arena_become_its_own_copy_before_the_write()
    {
        var arena = new MessageArena();
        var malformed = arena.Copy("{not json"u8);
        var position = SourcePosition.Kafka("t", 0, 7);
        var outside = new byte[] { 1, 2, 3 };
        var rejections = new List<Rejection>
        {
            new(RejectionCodes.InvalidJson, "bad", null, malformed, position),
            new(RejectionCodes.InvalidJson, "bad", null, outside, position),
        };
        var batch = DecodedBatch.From(
            [new RawMessage(malformed, position)],
            [new DecodedStream(StreamRows<EnrichedEvent>.Unprepared("clickstream", []), rejections, 0)]);

        batch.OwnRejectedBytes(arena.Holds);

        Assert.False(arena.Holds(batch.Rejections[0].Raw));
        Assert.Equal("{not json"u8.ToArray(), batch.Rejections[0].Raw.ToArray());
        Assert.Same(outside, BlockOf(batch.Rejections[1].Raw));
    }

    /// <summary>
    /// Any interleaving of copies and releases (lengths up to the largest copied, releases in any order, as partitions
    /// commit, are dropped and resync): every message still live reads exactly the bytes it was copied from.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property Live_messages_keep_their_bytes_whatever_is_released_around_them() => Prop.ForAll(
        Gen.Choose(0, 99).ListOf().Where(l => l.Count > 0).ToArbitrary(),
        Gen.Choose(1, MessageArena.LargestCopied).ArrayOf(64).ToArbitrary(),
        (ops, lengths) =>
        {
            var arena = new MessageArena();
            var live = new List<(ReadOnlyMemory<byte> Copy, byte[] Original)>();
            var seed = 0;
            foreach (var op in ops)
            {
                if (op < 55 || live.Count == 0)
                {
                    var original = Value(lengths[seed % lengths.Length], seed++);
                    live.Add((arena.Copy(original), original));
                }
                else
                {
                    var index = op % live.Count;
                    arena.Release(live[index].Copy);
                    live.RemoveAt(index);
                }

                if (!live.All(m => m.Copy.Span.SequenceEqual(m.Original)))
                {
                    return false;
                }
            }

            return true;
        });
}
