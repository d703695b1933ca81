using Confluent.Kafka;

namespace Facet.Streaming;

/// <summary>
/// How to reach a Kafka cluster: bootstrap servers, security (plaintext, SSL, SASL/PLAIN or SCRAM over plaintext or
/// SSL) and extra librdkafka settings. Shared by <c>facet generate</c>, <c>facet run</c> and <c>facet mirror</c>.
/// <see cref="ToString"/> never shows the password.
/// </summary>
public sealed record KafkaConnectionOptions
{
    /// <summary>The environment variable read for the SASL password when no flag gives one.</summary>
    public const string PasswordEnvironmentVariable = "FACET_KAFKA_SASL_PASSWORD";

    public required string BootstrapServers { get; init; }

    public SecurityProtocol SecurityProtocol { get; init; } = SecurityProtocol.Plaintext;

    /// <summary>PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512; PLAIN when SASL is used and this is null.</summary>
    public string? SaslMechanism { get; init; }

    public string? SaslUsername { get; init; }

    public string? SaslPassword { get; init; }

    /// <summary>Extra librdkafka settings (<c>--kafka-config key=value</c>), applied last.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Settings { get; init; } = [];

    /// <summary>Parses <c>plaintext|ssl|sasl_plaintext|sasl_ssl</c> (case-insensitive, '-' or '_').</summary>
    public static SecurityProtocol ParseSecurityProtocol(string text) =>
        (text ?? "").Trim().ToLowerInvariant().Replace('-', '_') switch
        {
            "plaintext" => SecurityProtocol.Plaintext,
            "ssl" => SecurityProtocol.Ssl,
            "sasl_plaintext" => SecurityProtocol.SaslPlaintext,
            "sasl_ssl" => SecurityProtocol.SaslSsl,
            _ => throw new ArgumentException($"--security-protocol must be plaintext, ssl, sasl_plaintext or sasl_ssl (got '{text}')."),
        };

    /// <summary>Parses one <c>key=value</c> librdkafka setting.</summary>
    public static KeyValuePair<string, string> ParseSetting(string text)
    {
        var equals = (text ?? "").IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new ArgumentException($"--kafka-config takes key=value, e.g. --kafka-config ssl.ca.location=/etc/ssl/ca.pem (got '{text}').");
        }

        return new(text![..equals].Trim(), text[(equals + 1)..]);
    }

    /// <summary>Throws <see cref="ArgumentException"/> with a one-line message naming the fix.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(BootstrapServers))
        {
            throw new ArgumentException("Kafka bootstrap servers are empty: pass host:port[,host:port…].");
        }

        var sasl = SecurityProtocol is SecurityProtocol.SaslPlaintext or SecurityProtocol.SaslSsl;
        if (sasl)
        {
            if (string.IsNullOrEmpty(SaslUsername))
            {
                throw new ArgumentException($"--security-protocol {Name(SecurityProtocol)} needs --sasl-username.");
            }

            if (string.IsNullOrEmpty(SaslPassword))
            {
                throw new ArgumentException($"--security-protocol {Name(SecurityProtocol)} needs a password: set {PasswordEnvironmentVariable} (or pass --sasl-password).");
            }

            _ = Mechanism();
        }
        else if (SaslMechanism is not null || SaslUsername is not null)
        {
            throw new ArgumentException($"--sasl-mechanism and --sasl-username need --security-protocol sasl_plaintext or sasl_ssl (got {Name(SecurityProtocol)}).");
        }
    }

    /// <summary>The librdkafka client settings: bootstrap, security, then <see cref="Settings"/>.</summary>
    public ClientConfig ToClientConfig()
    {
        Validate();
        var config = new ClientConfig
        {
            BootstrapServers = BootstrapServers,
            SecurityProtocol = SecurityProtocol,
        };
        if (SecurityProtocol is SecurityProtocol.SaslPlaintext or SecurityProtocol.SaslSsl)
        {
            config.SaslMechanism = Mechanism();
            config.SaslUsername = SaslUsername;
            config.SaslPassword = SaslPassword;
        }

        foreach (var (key, value) in Settings)
        {
            config.Set(key, value);
        }

        return config;
    }

    public ProducerConfig ToProducerConfig() => new(ToClientConfig());

    public ConsumerConfig ToConsumerConfig(string groupId) => new(ToClientConfig()) { GroupId = groupId };

    public override string ToString()
    {
        var text = $"bootstrap.servers={BootstrapServers} security.protocol={Name(SecurityProtocol)}";
        if (SaslUsername is not null)
        {
            text += $" sasl.mechanism={SaslMechanism ?? "PLAIN"} sasl.username={SaslUsername} sasl.password={(SaslPassword is null ? "(none)" : "***")}";
        }

        foreach (var (key, value) in Settings)
        {
            text += key.Contains("password", StringComparison.OrdinalIgnoreCase) || key.Contains("secret", StringComparison.OrdinalIgnoreCase)
                ? $" {key}=***"
                : $" {key}={value}";
        }

        return text;
    }

    private SaslMechanism Mechanism() => (SaslMechanism ?? "PLAIN").Trim().ToUpperInvariant() switch
    {
        "PLAIN" => Confluent.Kafka.SaslMechanism.Plain,
        "SCRAM-SHA-256" => Confluent.Kafka.SaslMechanism.ScramSha256,
        "SCRAM-SHA-512" => Confluent.Kafka.SaslMechanism.ScramSha512,
        _ => throw new ArgumentException($"--sasl-mechanism must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (got '{SaslMechanism}')."),
    };

    private static string Name(SecurityProtocol protocol) => protocol switch
    {
        SecurityProtocol.Ssl => "ssl",
        SecurityProtocol.SaslPlaintext => "sasl_plaintext",
        SecurityProtocol.SaslSsl => "sasl_ssl",
        _ => "plaintext",
    };
}
