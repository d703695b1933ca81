using Confluent.Kafka;

namespace Facet.Streaming.Tests;

public sealed class KafkaConnectionOptionsTests
{
    [Fact]
    public void ToClientConfig_sets_sasl_ssl_with_scram_and_applies_extra_settings_last()
    {
        var options = new KafkaConnectionOptions
        {
            BootstrapServers = "b1:9093,b2:9093",
            SecurityProtocol = KafkaConnectionOptions.ParseSecurityProtocol("SASL_SSL"),
            SaslMechanism = "scram-sha-512",
            SaslUsername = "facet",
            SaslPassword = "s3cret",
            Settings = [KafkaConnectionOptions.ParseSetting("ssl.ca.location=/etc/ca.pem"), KafkaConnectionOptions.ParseSetting("client.id=x=y")],
        };

        var config = options.ToClientConfig();

        Assert.Equal("b1:9093,b2:9093", config.BootstrapServers);
        Assert.Equal(SecurityProtocol.SaslSsl, config.SecurityProtocol);
        Assert.Equal(SaslMechanism.ScramSha512, config.SaslMechanism);
        Assert.Equal("facet", config.SaslUsername);
        Assert.Equal("s3cret", config.SaslPassword);
        Assert.Equal("/etc/ca.pem", config.SslCaLocation);
        Assert.Equal("x=y", config.ClientId);
        Assert.Equal("facet-group", options.ToConsumerConfig("facet-group").GroupId);
    }

    [Fact]
    public void ToString_never_shows_the_password()
    {
        var options = new KafkaConnectionOptions
        {
            BootstrapServers = "b:9092",
            SecurityProtocol = SecurityProtocol.SaslPlaintext,
            SaslUsername = "u",
            SaslPassword = "hunter2",
            Settings = [new("ssl.key.password", "hunter3")],
        };

        var text = options.ToString();
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter3", text, StringComparison.Ordinal);
        Assert.Contains("sasl.username=u", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sasl_plaintext", null, "p", "needs --sasl-username")]
    [InlineData("sasl_ssl", "u", null, "FACET_KAFKA_SASL_PASSWORD")]
    [InlineData("plaintext", "u", null, "need --security-protocol sasl_plaintext or sasl_ssl")]
    public void Validate_names_the_missing_flag(string protocol, string? user, string? password, string expected)
    {
        var options = new KafkaConnectionOptions
        {
            BootstrapServers = "b:9092",
            SecurityProtocol = KafkaConnectionOptions.ParseSecurityProtocol(protocol),
            SaslUsername = user,
            SaslPassword = password,
        };

        var ex = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parsers_refuse_unknown_protocols_and_settings_without_a_value()
    {
        Assert.Contains("plaintext, ssl, sasl_plaintext or sasl_ssl", Assert.Throws<ArgumentException>(() => KafkaConnectionOptions.ParseSecurityProtocol("tls")).Message, StringComparison.Ordinal);
        Assert.Contains("key=value", Assert.Throws<ArgumentException>(() => KafkaConnectionOptions.ParseSetting("linger.ms")).Message, StringComparison.Ordinal);
        Assert.Contains("PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512", Assert.Throws<ArgumentException>(() => new KafkaConnectionOptions
        {
            BootstrapServers = "b:1",
            SecurityProtocol = SecurityProtocol.SaslSsl,
            SaslMechanism = "GSSAPI",
            SaslUsername = "u",
            SaslPassword = "p",
        }.ToClientConfig()).Message, StringComparison.Ordinal);
    }
}
