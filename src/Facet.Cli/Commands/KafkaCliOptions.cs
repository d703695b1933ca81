using System.CommandLine;
using Facet.Cli.Settings;
using Facet.Streaming;

namespace Facet.Cli.Commands;

/// <summary>
/// The Kafka connection flags (<c>--kafka</c>, security, <c>--kafka-config</c>), shared by every command that talks to
/// Kafka. A prefix gives the mirror its <c>--from-…</c> and <c>--to-…</c> sets.
/// </summary>
internal sealed class KafkaCliOptions
{
    private readonly string _prefix;

    public KafkaCliOptions(string prefix = "", string bootstrapName = "--kafka")
    {
        _prefix = prefix;
        Bootstrap = new Option<string?>(bootstrapName) { Description = "Kafka bootstrap servers, host:port[,host:port…]." };
        SecurityProtocol = new Option<string>($"--{prefix}security-protocol") { Description = "plaintext, ssl, sasl_plaintext or sasl_ssl.", DefaultValueFactory = _ => "plaintext" };
        SaslMechanism = new Option<string?>($"--{prefix}sasl-mechanism") { Description = "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (default PLAIN)." };
        SaslUsername = new Option<string?>($"--{prefix}sasl-username") { Description = "SASL user name." };
        SaslPassword = new Option<string?>($"--{prefix}sasl-password")
        {
            Description = $"SASL password; prefer the environment variable {PasswordVariable} (never logged).",
        };
        Settings = new Option<string[]>($"--{prefix}kafka-config") { Description = "Any librdkafka property as key=value (repeatable).", AllowMultipleArgumentsPerToken = false };
    }

    public Option<string?> Bootstrap { get; }
    public Option<string> SecurityProtocol { get; }
    public Option<string?> SaslMechanism { get; }
    public Option<string?> SaslUsername { get; }
    public Option<string?> SaslPassword { get; }
    public Option<string[]> Settings { get; }

    private string PasswordVariable => _prefix.Length == 0
        ? KafkaConnectionOptions.PasswordEnvironmentVariable
        : $"FACET_{_prefix.TrimEnd('-').ToUpperInvariant()}_SASL_PASSWORD";

    public void AddTo(Command command)
    {
        command.Options.Add(Bootstrap);
        command.Options.Add(SecurityProtocol);
        command.Options.Add(SaslMechanism);
        command.Options.Add(SaslUsername);
        command.Options.Add(SaslPassword);
        command.Options.Add(Settings);
    }

    public KafkaConnectionOptions Read(SettingsReader settings)
    {
        var bootstrap = settings.Get(Bootstrap);
        if (string.IsNullOrWhiteSpace(bootstrap))
        {
            throw new UsageException($"{Bootstrap.Name} is required: the Kafka bootstrap servers, e.g. {Bootstrap.Name} 127.0.0.1:9092 (or FACET_{SettingsReader.KeyOf(Bootstrap).ToUpperInvariant()})");
        }

        try
        {
            var pairs = new List<KeyValuePair<string, string>>();
            foreach (var setting in settings.Get(Settings) ?? [])
            {
                pairs.Add(KafkaConnectionOptions.ParseSetting(setting));
            }

            var options = new KafkaConnectionOptions
            {
                BootstrapServers = bootstrap,
                SecurityProtocol = KafkaConnectionOptions.ParseSecurityProtocol(settings.Get(SecurityProtocol)),
                SaslMechanism = settings.Get(SaslMechanism),
                SaslUsername = settings.Get(SaslUsername),
                SaslPassword = settings.Get(SaslPassword) ?? Environment.GetEnvironmentVariable(PasswordVariable),
                Settings = pairs,
            };
            options.Validate();
            return options;
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message.TrimEnd('.'));
        }
    }
}
