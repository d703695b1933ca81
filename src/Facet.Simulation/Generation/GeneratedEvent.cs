namespace Facet.Simulation.Generation;

/// <summary>
/// One generated message: its UTF-8 bytes (one JSON line without the newline) and what it is. <see cref="Payload"/>
/// points into the generator's buffer and is valid only until the next call to <see cref="EventGenerator.Next"/>.
/// </summary>
public readonly record struct GeneratedEvent(
    ReadOnlyMemory<byte> Payload,
    GeneratedEventKind Kind,
    bool IsBot,
    string? Collection,
    string? RejectionCode,
    string? IpCountry);
