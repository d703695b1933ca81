namespace Facet.Streaming.Generation.Commerce;

/// <summary>What a generated commerce message is, for the truth file.</summary>
public enum CommerceItemKind
{
    /// <summary>A first send of a valid record (entity versions included).</summary>
    Valid,

    /// <summary>A valid activity record whose event time lies 1–6 hours back.</summary>
    Late,

    /// <summary>An exact copy of the message before it.</summary>
    Duplicate,

    /// <summary>A record a decoder rejects with <see cref="CommerceItem.RejectionCode"/>.</summary>
    Malformed,
}
