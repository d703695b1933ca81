using System.CommandLine;
using Facet.Streaming.Avro;

namespace Facet.Cli.Commands;

/// <summary>
/// <c>--schema-registry URL</c> for commands that read or write Avro (issue 17): Facet's own registry, Confluent's,
/// Karapace or Apicurio's Confluent API. Basic-auth credentials from the URL's user-info or
/// FACET_SCHEMA_REGISTRY_USER/FACET_SCHEMA_REGISTRY_PASSWORD; the URL may also come from FACET_SCHEMA_REGISTRY_URL.
/// </summary>
internal sealed class SchemaRegistryCliOptions
{
    public const string UrlVariable = "FACET_SCHEMA_REGISTRY_URL";

    public Option<string?> Url { get; } = new("--schema-registry")
    {
        Description = $"Schema registry for Avro values, http(s)://host:port (default: {UrlVariable}); credentials in {SchemaRegistryConnection.UserVariable}/{SchemaRegistryConnection.PasswordVariable} or the URL's user-info.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 } value ? value : null,
    };

    public void AddTo(Command command) => command.Options.Add(Url);

    /// <summary>The registry connection, or null when none was given; a malformed URL is a usage error.</summary>
    public SchemaRegistryConnection? Resolve(ParseResult parse, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.GetValue(Url) is not { Length: > 0 } url)
        {
            return null;
        }

        try
        {
            return SchemaRegistryConnection.Parse(url, environment);
        }
        catch (FormatException ex)
        {
            throw new UsageException("--schema-registry: " + ex.Message);
        }
    }
}
