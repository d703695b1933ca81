using System.CommandLine;
using Facet.Cli.Commands;

namespace Facet.Cli.Tests.Commands;

public sealed class SchemaRegistryCliOptionsTests
{
    private static (SchemaRegistryCliOptions Options, ParseResult Parse) Parse(params string[] args)
    {
        var options = new SchemaRegistryCliOptions();
        var command = new RootCommand();
        options.AddTo(command);
        return (options, command.Parse(args));
    }

    [Fact]
    public void The_flag_gives_a_connection_with_credentials_from_the_environment_and_a_redacted_display()
    {
        var (options, parse) = Parse("--schema-registry", "http://127.0.0.1:8081");
        var connection = options.Resolve(parse, name => name == "FACET_SCHEMA_REGISTRY_PASSWORD" ? "hunter2" : name == "FACET_SCHEMA_REGISTRY_USER" ? "facet" : null);

        Assert.NotNull(connection);
        Assert.Equal("facet:hunter2", connection.ToConfig().BasicAuthUserInfo);
        Assert.DoesNotContain("hunter2", connection.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_URL_is_a_usage_error_naming_the_flag()
    {
        var (options, parse) = Parse("--schema-registry", "registry:8081");
        var error = Assert.Throws<UsageException>(() => options.Resolve(parse));
        Assert.StartsWith("--schema-registry:", error.Message, StringComparison.Ordinal);
    }
}
