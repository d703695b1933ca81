namespace Facet.Storage.Streams;

/// <summary>The records of one stream of type <typeparamref name="TRecord"/> in a batch, with what their writer prepared.</summary>
public sealed class StreamRows<TRecord> : StreamRows
    where TRecord : class
{
    internal StreamRows(string stream, IReadOnlyList<TRecord> records, object? preparedBy, object? prepared)
        : base(stream)
    {
        ArgumentNullException.ThrowIfNull(records);
        Records = records;
        PreparedBy = preparedBy;
        Prepared = prepared;
    }

    /// <summary>The records in message order.</summary>
    public IReadOnlyList<TRecord> Records { get; }

    public override int Count => Records.Count;

    internal override object? PreparedBy { get; }

    /// <summary>The writer's prepared form of <see cref="Records"/>, valid only for <see cref="PreparedBy"/>.</summary>
    internal object? Prepared { get; }

    /// <summary>Records not prepared yet: the writing warehouse prepares them itself.</summary>
    public static StreamRows<TRecord> Unprepared(string stream, IReadOnlyList<TRecord> records) => new(stream, records, null, null);
}
