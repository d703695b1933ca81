using System.Diagnostics.CodeAnalysis;
using Facet.Core.Events;

namespace Facet.Core.Streams;

/// <summary>
/// What a stream's decoder made of one message: exactly one of <see cref="Record"/> and <see cref="Rejection"/> is
/// set. (A <c>default</c> instance has neither and is never returned.)
/// </summary>
public readonly struct Decoded<TRecord>
    where TRecord : class
{
    private Decoded(TRecord? record, Rejection? rejection)
    {
        Record = record;
        Rejection = rejection;
    }

    public TRecord? Record { get; }

    public Rejection? Rejection { get; }

    [MemberNotNullWhen(true, nameof(Record))]
    [MemberNotNullWhen(false, nameof(Rejection))]
    public bool IsAccepted => Record is not null;

    public static Decoded<TRecord> Accepted(TRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new Decoded<TRecord>(record, null);
    }

    public static Decoded<TRecord> Rejected(Rejection rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return new Decoded<TRecord>(null, rejection);
    }

    public override string ToString() => IsAccepted ? $"accepted {Record}" : $"rejected {Rejection.Code}: {Rejection.Message}";
}
