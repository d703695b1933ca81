namespace Facet.Streaming.Avro;

/// <summary>
/// The schema registry could not answer (refused connection, timeout, 5xx, rejected credentials): the batch must be
/// retried later, never its records rejected. An <see cref="IOException"/>, so the engine's retry loop classifies it as
/// transient like a warehouse outage.
/// </summary>
public sealed class SchemaRegistryUnavailableException(string message, Exception? inner = null) : IOException(message, inner);
