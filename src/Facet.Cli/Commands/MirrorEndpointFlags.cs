using System.CommandLine;
using Confluent.Kafka;
using Facet.Streaming;

namespace Facet.Cli.Commands;

/// <summary>
/// One side of <c>facet mirror</c>: <c>--{side}</c> BOOTSTRAP, <c>--{side}-security-protocol</c>,
/// <c>--{side}-sasl-mechanism</c>, <c>--{side}-sasl-username</c>, <c>--{side}-sasl-password</c> (or the environment
/// variable FACET_MIRROR_{SIDE}_SASL_PASSWORD) and <c>--{side}-kafka-config key=value</c>, turned into a Confluent
/// <see cref="ClientConfig"/>. The password is never printed.
/// </summary>
/// <remarks>
/// The rules live in the shared <see cref="KafkaConnectionOptions"/>; this class only adds the side's prefix to the
/// flags (and to the flag names in its error messages) and its own password variable.
/// </remarks>
internal sealed class MirrorEndpointFlags
{
    private readonly string _side;

    public MirrorEndpointFlags(string side, string role)
    {
        _side = side;
        Bootstrap = new Option<string>($"--{side}") { Description = $"Bootstrap servers of the {role} cluster (host:port[,host:port…]).", Required = true, HelpName = "BOOTSTRAP" };
        Topic = new Option<string>($"--{side}-topic") { Description = $"The {role} topic.", Required = true, HelpName = "TOPIC" };
        Protocol = new Option<string>($"--{side}-security-protocol") { Description = "plaintext, ssl, sasl_plaintext or sasl_ssl.", DefaultValueFactory = _ => "plaintext" };
        Mechanism = new Option<string?>($"--{side}-sasl-mechanism") { Description = "PLAIN (default), SCRAM-SHA-256 or SCRAM-SHA-512." };
        Username = new Option<string?>($"--{side}-sasl-username") { Description = "SASL user name." };
        Password = new Option<string?>($"--{side}-sasl-password") { Description = $"SASL password (prefer the environment variable {PasswordVariable}: flags show in process lists)." };
        Settings = new Option<string[]>($"--{side}-kafka-config") { Description = "Extra librdkafka setting key=value (repeatable).", AllowMultipleArgumentsPerToken = false, HelpName = "KEY=VALUE" };
    }

    public Option<string> Bootstrap { get; }

    public Option<string> Topic { get; }

    private Option<string> Protocol { get; }

    private Option<string?> Mechanism { get; }

    private Option<string?> Username { get; }

    private Option<string?> Password { get; }

    private Option<string[]> Settings { get; }

    public string PasswordVariable => $"FACET_MIRROR_{_side.ToUpperInvariant()}_SASL_PASSWORD";

    public void AddTo(Command command)
    {
        command.Options.Add(Bootstrap);
        command.Options.Add(Topic);
        command.Options.Add(Protocol);
        command.Options.Add(Mechanism);
        command.Options.Add(Username);
        command.Options.Add(Password);
        command.Options.Add(Settings);
    }

    /// <summary>The client settings, or a <see cref="UsageException"/> naming the flag to fix.</summary>
    public ClientConfig Build(ParseResult parse)
    {
        try
        {
            var protocol = KafkaConnectionOptions.ParseSecurityProtocol(parse.GetValue(Protocol) ?? "plaintext");
            var sasl = protocol is SecurityProtocol.SaslPlaintext or SecurityProtocol.SaslSsl;
            var password = parse.GetValue(Password) ?? (sasl ? Environment.GetEnvironmentVariable(PasswordVariable) : null);
            if (sasl && !string.IsNullOrEmpty(parse.GetValue(Username)) && string.IsNullOrEmpty(password))
            {
                throw new UsageException($"--{_side}-security-protocol {parse.GetValue(Protocol)} needs a password: set {PasswordVariable} (or pass --{_side}-sasl-password).");
            }

            return new KafkaConnectionOptions
            {
                BootstrapServers = parse.GetValue(Bootstrap) ?? "",
                SecurityProtocol = protocol,
                SaslMechanism = parse.GetValue(Mechanism),
                SaslUsername = parse.GetValue(Username),
                SaslPassword = password,
                Settings = [.. (parse.GetValue(Settings) ?? []).Select(KafkaConnectionOptions.ParseSetting)],
            }.ToClientConfig();
        }
        catch (ArgumentException ex)
        {
            // The shared options name the unprefixed flags (--sasl-username …): point at this side's.
            throw new UsageException(ex.Message.Replace("--", $"--{_side}-", StringComparison.Ordinal));
        }
    }
}
