using Facet.Core.Events;

namespace Facet.Storage.Streams;

/// <summary>The records of one stream of type <typeparamref name="TRecord"/> in a batch, with what their writer prepared.</summary>
public sealed class StreamRows<TRecord> : StreamRows
    where TRecord : class
{
    private readonly IReadOnlyList<SourcePosition>? _positions;

    internal StreamRows(string stream, IReadOnlyList<TRecord> records, object? preparedBy, object? prepared, IReadOnlyList<SourcePosition>? positions = null)
        : base(stream)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (positions is not null && positions.Count != records.Count)
        {
            throw new ArgumentException($"positions ({positions.Count}) must match records ({records.Count}) one to one", nameof(positions));
        }

        Records = records;
        _positions = positions;
        PreparedBy = preparedBy;
        Prepared = prepared;
    }

    /// <summary>The records in message order.</summary>
    public IReadOnlyList<TRecord> Records { get; }

    public override int Count => Records.Count;

    internal override IReadOnlyList<object> AllRecords => Records;

    internal override IReadOnlyList<SourcePosition>? Positions => _positions;

    internal override object? PreparedBy { get; }

    /// <summary>The writer's prepared form of <see cref="Records"/>, valid only for <see cref="PreparedBy"/>.</summary>
    internal object? Prepared { get; }

    /// <summary>Records not prepared yet: the writing warehouse prepares them itself.</summary>
    public static StreamRows<TRecord> Unprepared(string stream, IReadOnlyList<TRecord> records) => new(stream, records, null, null);

    /// <summary>Records not prepared yet, with the source position of each (per-partition window watermarks).</summary>
    public static StreamRows<TRecord> Unprepared(string stream, IReadOnlyList<TRecord> records, IReadOnlyList<SourcePosition> positions) => new(stream, records, null, null, positions);
}
