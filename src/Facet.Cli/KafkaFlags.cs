using System.CommandLine;
using Facet.Streaming;

namespace Facet.Cli;

/// <summary>
/// The Kafka security flags every Kafka command shares (<c>--security-protocol</c>, <c>--sasl-mechanism</c>,
/// <c>--sasl-username</c>, <c>--sasl-password</c>, <c>--kafka-config key=value</c>), turned into
/// <see cref="KafkaConnectionOptions"/>. The password also comes from FACET_KAFKA_SASL_PASSWORD and is never printed.
/// </summary>
internal sealed class KafkaFlags
{
    private readonly Option<string> _protocol = new("--security-protocol") { Description = "plaintext, ssl, sasl_plaintext or sasl_ssl.", DefaultValueFactory = _ => "plaintext" };
    private readonly Option<string?> _mechanism = new("--sasl-mechanism") { Description = "PLAIN (default), SCRAM-SHA-256 or SCRAM-SHA-512." };
    private readonly Option<string?> _username = new("--sasl-username") { Description = "SASL user name." };
    private readonly Option<string?> _password = new("--sasl-password") { Description = $"SASL password (prefer the environment variable {KafkaConnectionOptions.PasswordEnvironmentVariable}: flags show in process lists)." };
    private readonly Option<string[]> _settings = new("--kafka-config") { Description = "Extra librdkafka setting key=value (repeatable), e.g. ssl.ca.location=/etc/ssl/ca.pem.", AllowMultipleArgumentsPerToken = false, HelpName = "KEY=VALUE" };

    public void AddTo(Command command)
    {
        command.Options.Add(_protocol);
        command.Options.Add(_mechanism);
        command.Options.Add(_username);
        command.Options.Add(_password);
        command.Options.Add(_settings);
    }

    public bool AnyGiven(ParseResult parse) =>
        parse.GetResult(_protocol) is { Implicit: false } || parse.GetValue(_mechanism) is not null || parse.GetValue(_username) is not null
        || parse.GetValue(_password) is not null || parse.GetValue(_settings) is { Length: > 0 };

    /// <summary>The connection options, or a <see cref="UsageException"/> naming the flag to fix.</summary>
    public KafkaConnectionOptions Build(ParseResult parse, string bootstrapServers)
    {
        try
        {
            var protocol = KafkaConnectionOptions.ParseSecurityProtocol(parse.GetValue(_protocol) ?? "plaintext");
            var password = parse.GetValue(_password);
            if (password is null && Environment.GetEnvironmentVariable(KafkaConnectionOptions.PasswordEnvironmentVariable) is { Length: > 0 } fromEnvironment
                && protocol is Confluent.Kafka.SecurityProtocol.SaslPlaintext or Confluent.Kafka.SecurityProtocol.SaslSsl)
            {
                password = fromEnvironment;
            }

            var options = new KafkaConnectionOptions
            {
                BootstrapServers = bootstrapServers,
                SecurityProtocol = protocol,
                SaslMechanism = parse.GetValue(_mechanism),
                SaslUsername = parse.GetValue(_username),
                SaslPassword = password,
                Settings = [.. (parse.GetValue(_settings) ?? []).Select(KafkaConnectionOptions.ParseSetting)],
            };
            options.Validate();
            return options;
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }
    }
}
