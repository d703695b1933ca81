using System.CommandLine;
using Facet.Cli.Settings;
using Facet.Streaming;

namespace Facet.Cli.Commands;

/// <summary>
/// The Kafka connection flags every Kafka command shares: the bootstrap servers, <c>--security-protocol</c>,
/// <c>--sasl-mechanism</c>, <c>--sasl-username</c>, <c>--sasl-password</c> (or an environment variable; never
/// printed) and <c>--kafka-config key=value</c>, turned into <see cref="KafkaConnectionOptions"/>. A prefix gives
/// <c>facet mirror</c> its <c>--from-…</c> and <c>--to-…</c> sets.
/// </summary>
internal sealed class KafkaCliOptions
{
    private readonly string _prefix;

    public KafkaCliOptions(
        string prefix = "",
        string bootstrapName = "--kafka",
        string passwordVariable = KafkaConnectionOptions.PasswordEnvironmentVariable,
        string bootstrapDescription = "Kafka bootstrap servers, host:port[,host:port…].")
    {
        _prefix = prefix;
        PasswordVariable = passwordVariable;
        Bootstrap = new Option<string?>(bootstrapName) { Description = bootstrapDescription, HelpName = "BOOTSTRAP" };
        SecurityProtocol = new Option<string>($"--{prefix}security-protocol") { Description = "plaintext, ssl, sasl_plaintext or sasl_ssl.", DefaultValueFactory = _ => "plaintext" };
        SaslMechanism = new Option<string?>($"--{prefix}sasl-mechanism") { Description = "PLAIN (default), SCRAM-SHA-256 or SCRAM-SHA-512." };
        SaslUsername = new Option<string?>($"--{prefix}sasl-username") { Description = "SASL user name." };
        SaslPassword = new Option<string?>($"--{prefix}sasl-password") { Description = $"SASL password; prefer the environment variable {passwordVariable} (flags show in process lists; never logged)." };
        Settings = new Option<string[]>($"--{prefix}kafka-config") { Description = "Any librdkafka property as key=value (repeatable), e.g. ssl.ca.location=/etc/ssl/ca.pem.", AllowMultipleArgumentsPerToken = false, HelpName = "KEY=VALUE" };
    }

    public string PasswordVariable { get; }
    public Option<string?> Bootstrap { get; }
    public Option<string> SecurityProtocol { get; }
    public Option<string?> SaslMechanism { get; }
    public Option<string?> SaslUsername { get; }
    public Option<string?> SaslPassword { get; }
    public Option<string[]> Settings { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Bootstrap);
        command.Options.Add(SecurityProtocol);
        command.Options.Add(SaslMechanism);
        command.Options.Add(SaslUsername);
        command.Options.Add(SaslPassword);
        command.Options.Add(Settings);
    }

    /// <summary>True when any security or extra setting flag was given (commands without Kafka output reject them).</summary>
    public bool AnySecurityGiven(ParseResult parse) =>
        parse.GetResult(SecurityProtocol) is { Implicit: false } || parse.GetValue(SaslMechanism) is not null || parse.GetValue(SaslUsername) is not null
        || parse.GetValue(SaslPassword) is not null || parse.GetValue(Settings) is { Length: > 0 };

    /// <summary>The connection from flags only.</summary>
    public KafkaConnectionOptions Read(ParseResult parse) => Read(SettingsReader.CommandLineOnly(parse));

    /// <summary>The connection, or a <see cref="UsageException"/> naming the flag to fix.</summary>
    public KafkaConnectionOptions Read(SettingsReader settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var bootstrap = settings.Get(Bootstrap);
        if (string.IsNullOrWhiteSpace(bootstrap))
        {
            throw new UsageException($"{Bootstrap.Name} is required: the Kafka bootstrap servers, e.g. {Bootstrap.Name} 127.0.0.1:9092");
        }

        try
        {
            var pairs = new List<KeyValuePair<string, string>>();
            foreach (var setting in settings.Get(Settings) ?? [])
            {
                pairs.Add(KafkaConnectionOptions.ParseSetting(setting));
            }

            var protocol = KafkaConnectionOptions.ParseSecurityProtocol(settings.Get(SecurityProtocol));
            var sasl = protocol is Confluent.Kafka.SecurityProtocol.SaslPlaintext or Confluent.Kafka.SecurityProtocol.SaslSsl;
            var options = new KafkaConnectionOptions
            {
                BootstrapServers = bootstrap,
                SecurityProtocol = protocol,
                SaslMechanism = settings.Get(SaslMechanism),
                SaslUsername = settings.Get(SaslUsername),
                SaslPassword = settings.Get(SaslPassword) ?? (sasl ? Environment.GetEnvironmentVariable(PasswordVariable) : null),
                Settings = pairs,
            };
            options.Validate();
            return options;
        }
        catch (ArgumentException ex)
        {
            // The shared rules name the unprefixed flags and variable: point at this command's.
            var message = ex.Message.Replace(KafkaConnectionOptions.PasswordEnvironmentVariable, PasswordVariable, StringComparison.Ordinal);
            throw new UsageException(_prefix.Length == 0 ? message : message.Replace("--", $"--{_prefix}", StringComparison.Ordinal));
        }
    }
}
