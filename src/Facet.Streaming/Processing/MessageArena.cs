using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Facet.Streaming.Processing;

/// <summary>
/// The values of consumed Kafka messages, copied into large blocks that are reused once every message in them has
/// left the ledger (committed, dropped with a partition, or dropped by a resync). Confluent's <c>byte[]</c>
/// deserializer gave each message an array of its own (~1 KB per clickstream event) that lived until its batch
/// committed, so every gen 0 and gen 1 collection in between promoted it and every batch left ~30 MB of them for a
/// full collection to free (issue 22; the file path's <c>LineBuffer</c> is the same idea for lines, reset per batch
/// because a file has no commit to wait for).
/// </summary>
/// <remarks>
/// Used by the consume loop only: the deserializer runs inside <c>Consume</c>, releases come from the ledger, and both
/// happen on the loop. A slice is valid while its message is in the ledger; decoders keep no reference to a message's
/// bytes except a rejection's raw bytes, which the loop copies out before the batch's write (<see cref="Holds"/>).
/// </remarks>
internal sealed class MessageArena : IDeserializer<ReadOnlyMemory<byte>>
{
    // 1 MiB blocks sit in the large object heap, which the GC does not compact; a 30,000-message batch of ~1 KB
    // messages fills ~30 of them.
    internal const int BlockBytes = 1 << 20;

    // A message larger than this gets an array of its own, so a block is never mostly one message's leftover.
    internal const int LargestCopied = BlockBytes / 8;

    // Free blocks kept for reuse: a little over two 30,000-message batches of ~1 KB; more are let go.
    private const int RetainedFreeBlocks = 64;

    private readonly Dictionary<byte[], Block> _blocks = new(ReferenceEqualityComparer.Instance);
    private readonly Stack<Block> _free = [];
    private Block? _current;

    /// <summary>Blocks holding at least one live message, or being filled.</summary>
    public int BlocksInUse => _blocks.Count - _free.Count;

    /// <summary>Free blocks kept for reuse.</summary>
    public int FreeBlocks => _free.Count;

    /// <summary>Copies <paramref name="value"/>; the slice is valid until it is passed to <see cref="Release"/>.</summary>
    public ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        if (value.Length > LargestCopied)
        {
            return value.ToArray();
        }

        var block = _current;
        if (block is null || block.Used + value.Length > BlockBytes)
        {
            if (block is not null)
            {
                block.Filling = false;
                FreeIfUnused(block);
            }

            block = _free.TryPop(out var reused) ? reused : NewBlock();
            block.Used = 0;
            block.Filling = true;
            _current = block;
        }

        value.CopyTo(block.Bytes.AsSpan(block.Used));
        var slice = new ReadOnlyMemory<byte>(block.Bytes, block.Used, value.Length);
        block.Used += value.Length;
        block.Live++;
        return slice;
    }

    /// <summary>The message holding <paramref name="value"/> left the ledger; its block is reused once none is left in it.</summary>
    public void Release(ReadOnlyMemory<byte> value)
    {
        if (!TryGetBlock(value, out var block))
        {
            return;
        }

        if (block.Live <= 0)
        {
            throw new InvalidOperationException("more message values were released than the block holds (one released twice?)");
        }

        block.Live--;
        FreeIfUnused(block);
    }

    /// <summary>True when <paramref name="bytes"/> lie in one of the arena's blocks (reused once their message leaves the ledger).</summary>
    public bool Holds(ReadOnlyMemory<byte> bytes) => TryGetBlock(bytes, out _);

    ReadOnlyMemory<byte> IDeserializer<ReadOnlyMemory<byte>>.Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) =>
        isNull ? ReadOnlyMemory<byte>.Empty : Copy(data);

    private bool TryGetBlock(ReadOnlyMemory<byte> bytes, out Block block)
    {
        if (MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Array is { Length: BlockBytes } array
            && _blocks.TryGetValue(array, out var found))
        {
            block = found;
            return true;
        }

        block = null!;
        return false;
    }

    private void FreeIfUnused(Block block)
    {
        if (block.Live > 0 || block.Filling)
        {
            return;
        }

        if (_free.Count < RetainedFreeBlocks)
        {
            _free.Push(block);
        }
        else
        {
            _blocks.Remove(block.Bytes);
        }
    }

    private Block NewBlock()
    {
        var block = new Block(GC.AllocateUninitializedArray<byte>(BlockBytes));
        _blocks.Add(block.Bytes, block);
        return block;
    }

    private sealed class Block(byte[] bytes)
    {
        public byte[] Bytes { get; } = bytes;

        /// <summary>Bytes handed out since the block was last taken.</summary>
        public int Used { get; set; }

        /// <summary>Messages in the block still in the ledger.</summary>
        public int Live { get; set; }

        /// <summary>The block new messages are copied into: not free even when no message in it is live.</summary>
        public bool Filling { get; set; }
    }
}
