using System.CommandLine;
using Confluent.Kafka;

namespace Facet.Cli.Commands;

/// <summary>
/// One side of <c>facet mirror</c>: <c>--{side}</c> BOOTSTRAP, <c>--{side}-security-protocol</c>,
/// <c>--{side}-sasl-mechanism</c>, <c>--{side}-sasl-username</c>, <c>--{side}-sasl-password</c> (or the environment
/// variable FACET_MIRROR_{SIDE}_SASL_PASSWORD) and <c>--{side}-kafka-config key=value</c>, turned into a Confluent
/// <see cref="ClientConfig"/>. The password is never printed.
/// </summary>
/// <remarks>
/// A small adapter until the shared Kafka connection options of issue 8 land on main; it is then meant to build those
/// (with this side's prefix) instead of a <see cref="ClientConfig"/> of its own.
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
        var bootstrap = parse.GetValue(Bootstrap);
        if (string.IsNullOrWhiteSpace(bootstrap))
        {
            throw new UsageException($"--{_side} needs bootstrap servers: host:port[,host:port…].");
        }

        var protocolText = parse.GetValue(Protocol) ?? "plaintext";
        var protocol = protocolText.Trim().ToLowerInvariant().Replace('-', '_') switch
        {
            "plaintext" => SecurityProtocol.Plaintext,
            "ssl" => SecurityProtocol.Ssl,
            "sasl_plaintext" => SecurityProtocol.SaslPlaintext,
            "sasl_ssl" => SecurityProtocol.SaslSsl,
            _ => throw new UsageException($"--{_side}-security-protocol must be plaintext, ssl, sasl_plaintext or sasl_ssl (got '{protocolText}')."),
        };
        var config = new ClientConfig { BootstrapServers = bootstrap, SecurityProtocol = protocol };
        var mechanism = parse.GetValue(Mechanism);
        var username = parse.GetValue(Username);
        if (protocol is SecurityProtocol.SaslPlaintext or SecurityProtocol.SaslSsl)
        {
            config.SaslMechanism = (mechanism ?? "PLAIN").Trim().ToUpperInvariant() switch
            {
                "PLAIN" => SaslMechanism.Plain,
                "SCRAM-SHA-256" => SaslMechanism.ScramSha256,
                "SCRAM-SHA-512" => SaslMechanism.ScramSha512,
                _ => throw new UsageException($"--{_side}-sasl-mechanism must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (got '{mechanism}')."),
            };
            if (string.IsNullOrEmpty(username))
            {
                throw new UsageException($"--{_side}-security-protocol {protocolText} needs --{_side}-sasl-username.");
            }

            var password = parse.GetValue(Password) ?? Environment.GetEnvironmentVariable(PasswordVariable);
            if (string.IsNullOrEmpty(password))
            {
                throw new UsageException($"--{_side}-security-protocol {protocolText} needs a password: set {PasswordVariable} (or pass --{_side}-sasl-password).");
            }

            config.SaslUsername = username;
            config.SaslPassword = password;
        }
        else if (mechanism is not null || username is not null)
        {
            throw new UsageException($"--{_side}-sasl-mechanism and --{_side}-sasl-username need --{_side}-security-protocol sasl_plaintext or sasl_ssl (got {protocolText}).");
        }

        foreach (var setting in parse.GetValue(Settings) ?? [])
        {
            var equals = setting.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"--{_side}-kafka-config takes key=value, e.g. --{_side}-kafka-config ssl.ca.location=/etc/ssl/ca.pem (got '{setting}').");
            }

            config.Set(setting[..equals].Trim(), setting[(equals + 1)..]);
        }

        return config;
    }
}
