using System.Buffers;
using System.Text;

namespace Facet.Core.Parsing.Internal;

/// <summary>
/// Collects raw <c>"name": value</c> members (verbatim slices of the message) into one JSON object text, in a pooled
/// buffer rented on first use. Dispose returns the buffer.
/// </summary>
internal ref struct ExtraJsonBuilder
{
    private byte[]? _buffer;
    private int _length;

    public readonly bool IsEmpty => _length == 0;

    public void Add(ReadOnlySpan<byte> member)
    {
        var needed = _length + member.Length + 2;
        if (_buffer is null || needed > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(256, needed * 2));
            if (_buffer is not null)
            {
                _buffer.AsSpan(0, _length).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = bigger;
        }

        _buffer[_length] = _length == 0 ? (byte)'{' : (byte)',';
        _length++;
        member.CopyTo(_buffer.AsSpan(_length));
        _length += member.Length;
    }

    /// <summary>The collected members as <c>{…}</c>, or null when none were added.</summary>
    public readonly string? Build()
    {
        if (_buffer is null || _length == 0)
        {
            return null;
        }

        _buffer[_length] = (byte)'}';
        return Encoding.UTF8.GetString(_buffer, 0, _length + 1);
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
            _length = 0;
        }
    }
}
