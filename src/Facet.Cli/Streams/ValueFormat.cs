namespace Facet.Cli.Streams;

/// <summary>How a stream's Kafka values are encoded (<c>--value-format</c>).</summary>
internal enum ValueFormat
{
    /// <summary>UTF-8 JSON, one record per message (the default).</summary>
    Json,

    /// <summary>Avro in the Confluent wire format: byte 0 = 0, a 4-byte big-endian schema id, the Avro body (needs a schema registry).</summary>
    Avro,
}
