using Confluent.Kafka;

namespace Facet.Streaming.Processing;

/// <summary>Which Kafka client errors mean "the configuration is wrong" (stop, exit 2) rather than "the broker is away" (retry).</summary>
internal static class KafkaErrors
{
    /// <summary>The flag or setting to fix for <paramref name="error"/>, or null when retrying can help.</summary>
    public static string? ConfigurationFix(Error error) => error.Code switch
    {
        ErrorCode.SaslAuthenticationFailed or ErrorCode.Local_Authentication =>
            "check --sasl-username and FACET_KAFKA_SASL_PASSWORD, and that --sasl-mechanism is one the broker offers",
        ErrorCode.TopicAuthorizationFailed => "grant the user read access to the consumed topics, or choose others (--topic, --streams)",
        ErrorCode.GroupAuthorizationFailed => "grant the user access to the consumer group, or choose another (--group)",
        ErrorCode.ClusterAuthorizationFailed => "grant the user the cluster permissions a consumer needs",
        ErrorCode.Local_Ssl => "the broker's certificate does not verify: set --kafka-config ssl.ca.location=CA.pem (or fix --security-protocol)",
        // librdkafka's own hint when a TLS or SASL listener drops a plaintext handshake (and vice versa).
        _ when error.Reason.Contains("security.protocol", StringComparison.Ordinal) => "the port speaks another protocol: fix --security-protocol",
        _ => null,
    };
}
