using System.Diagnostics.CodeAnalysis;
using Facet.Core.Events;

namespace Facet.Core.Parsing;

/// <summary>
/// The outcome of <see cref="EventParser.Parse(ReadOnlyMemory{byte}, SourcePosition)"/>: exactly one of
/// <see cref="Event"/> and <see cref="Rejection"/> is set. (A <c>default</c> instance has neither and is never returned.)
/// </summary>
public readonly struct ParseResult : IEquatable<ParseResult>
{
    private ParseResult(ShopEvent? shopEvent, Rejection? rejection)
    {
        Event = shopEvent;
        Rejection = rejection;
    }

    /// <summary>The accepted event, or null when the message was rejected.</summary>
    public ShopEvent? Event { get; }

    /// <summary>Why the message was rejected, or null when it was accepted.</summary>
    public Rejection? Rejection { get; }

    [MemberNotNullWhen(true, nameof(Event))]
    [MemberNotNullWhen(false, nameof(Rejection))]
    public bool IsAccepted => Event is not null;

    public static ParseResult Accepted(ShopEvent shopEvent)
    {
        ArgumentNullException.ThrowIfNull(shopEvent);
        return new ParseResult(shopEvent, null);
    }

    public static ParseResult Rejected(Rejection rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return new ParseResult(null, rejection);
    }

    public bool Equals(ParseResult other) => ReferenceEquals(Event, other.Event) && Equals(Rejection, other.Rejection);

    public override bool Equals(object? obj) => obj is ParseResult other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Event, Rejection);

    public static bool operator ==(ParseResult left, ParseResult right) => left.Equals(right);

    public static bool operator !=(ParseResult left, ParseResult right) => !left.Equals(right);

    public override string ToString() => IsAccepted ? $"accepted {Event.Collection} {Event.EventId}" : $"rejected {Rejection.Code}: {Rejection.Message}";
}
