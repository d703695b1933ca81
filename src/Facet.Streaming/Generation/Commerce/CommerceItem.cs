namespace Facet.Streaming.Generation.Commerce;

/// <summary>
/// One generated commerce message before encoding: its topic, its record (a <c>Facet.Core.Commerce</c> record, made
/// invalid when <see cref="Kind"/> is Malformed), the Kafka key, and the code a decoder must reject it with.
/// <see cref="Truncate"/> asks the JSON encoder to cut the message short (<c>invalid_json</c>).
/// </summary>
public readonly record struct CommerceItem(string Topic, object Record, string Key, CommerceItemKind Kind, string? RejectionCode, bool Truncate);
