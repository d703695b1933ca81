namespace Facet.Streaming.Avro;

/// <summary>Rejection codes of the Avro decoder (Confluent wire format), stored in bad_events: never rename one. docs/schema-registry.md.</summary>
public static class AvroRejectionCodes
{
    /// <summary>Shorter than the 5-byte header, or the Avro body ends before the record does.</summary>
    public const string Truncated = "avro_truncated";

    /// <summary>Byte 0 is not the Confluent wire format's magic byte 0 (e.g. plain JSON on an Avro topic).</summary>
    public const string BadMagicByte = "avro_bad_magic_byte";

    /// <summary>The registry has no schema with the id in bytes 1–4.</summary>
    public const string UnknownSchemaId = "avro_unknown_schema_id";

    /// <summary>The writer schema cannot be resolved to the stream's reader schema (or is not an Avro schema).</summary>
    public const string UnresolvableSchema = "avro_unresolvable_schema";

    /// <summary>The body is not valid Avro for the writer schema (bad union index, negative length, bad enum ordinal…).</summary>
    public const string Malformed = "avro_malformed";

    /// <summary>Bytes remain after the record: the body was written with another schema than its id names.</summary>
    public const string TrailingBytes = "avro_trailing_bytes";

    /// <summary>The record decoded but could not be mapped to the stream's entity (a value out of range, a missing field).</summary>
    public const string MappingFailed = "avro_mapping_failed";
}
