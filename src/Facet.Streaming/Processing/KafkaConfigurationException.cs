namespace Facet.Streaming.Processing;

/// <summary>
/// Kafka refused this client for a reason that does not heal by retrying — authentication, authorization, a
/// certificate that does not verify, the wrong security protocol for the port. The message names what to fix.
/// </summary>
public sealed class KafkaConfigurationException(string message) : Exception(message);
