using Confluent.SchemaRegistry;
using Facet.Streaming.Avro;
using Xunit;

namespace Facet.Streaming.Tests.Avro;

public sealed class SchemaRegistryConnectionTests
{
    private static Func<string, string?> Environment(string? user, string? password) => name => name switch
    {
        SchemaRegistryConnection.UserVariable => user,
        SchemaRegistryConnection.PasswordVariable => password,
        _ => null,
    };

    [Fact]
    public void Credentials_in_the_URL_become_basic_auth_and_never_appear_in_ToString()
    {
        var connection = SchemaRegistryConnection.Parse("https://reg%40user:p%3Ass@registry.example:8081", Environment(null, null));
        var config = connection.ToConfig();

        Assert.Equal("https://registry.example:8081", config.Url);
        Assert.Equal(AuthCredentialsSource.UserInfo, config.BasicAuthCredentialsSource);
        Assert.Equal("reg@user:p:ss", config.BasicAuthUserInfo);
        Assert.DoesNotContain("p:ss", connection.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("p%3Ass", connection.ToString(), StringComparison.Ordinal);
        Assert.Contains("***", connection.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_come_from_the_environment_when_the_URL_has_none()
    {
        var connection = SchemaRegistryConnection.Parse("http://127.0.0.1:8081/", Environment("facet", "hunter2"));

        Assert.Equal("facet:hunter2", connection.ToConfig().BasicAuthUserInfo);
        Assert.DoesNotContain("hunter2", connection.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_credentials_no_basic_auth_is_configured()
    {
        var config = SchemaRegistryConnection.Parse("http://127.0.0.1:8081", Environment(null, null)).ToConfig();

        Assert.Null(config.BasicAuthCredentialsSource);
        Assert.Equal("http://127.0.0.1:8081", config.Url);
    }

    [Theory]
    [InlineData("127.0.0.1:8081")]
    [InlineData("kafka://user:secret@host:9092")]
    [InlineData("")]
    public void A_URL_that_is_not_http_is_refused_without_echoing_a_password(string url)
    {
        var error = Assert.Throws<FormatException>(() => SchemaRegistryConnection.Parse(url, Environment(null, null)));
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }
}
