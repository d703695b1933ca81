using Confluent.SchemaRegistry;

namespace Facet.Streaming.Avro;

/// <summary>
/// How to reach a schema registry (Facet's own, Confluent's, Karapace, Apicurio's Confluent API): the URL and basic-auth
/// credentials, from the URL's user-info or else <c>FACET_SCHEMA_REGISTRY_USER</c>/<c>FACET_SCHEMA_REGISTRY_PASSWORD</c>.
/// <see cref="ToString"/> never shows the password.
/// </summary>
public sealed class SchemaRegistryConnection
{
    public const string UserVariable = "FACET_SCHEMA_REGISTRY_USER";
    public const string PasswordVariable = "FACET_SCHEMA_REGISTRY_PASSWORD";

    private readonly string? _password;

    private SchemaRegistryConnection(Uri url, string? user, string? password)
    {
        Url = url;
        User = user;
        _password = password;
    }

    /// <summary>The registry's base URL, without credentials.</summary>
    public Uri Url { get; }

    public string? User { get; }

    public bool HasCredentials => User is not null || _password is not null;

    /// <summary>Parses <paramref name="url"/>; <paramref name="environment"/> (default: the process's) supplies what the URL lacks.</summary>
    public static SchemaRegistryConnection Parse(string url, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new FormatException($"invalid schema registry URL '{Redact(url ?? "")}': expected http://host:port or https://host:port (credentials in {UserVariable}/{PasswordVariable})");
        }

        string? user = null;
        string? password = null;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            password = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }

        user ??= environment(UserVariable) is { Length: > 0 } u ? u : null;
        password ??= environment(PasswordVariable) is { Length: > 0 } p ? p : null;
        var bare = new UriBuilder(uri) { UserName = "", Password = "" }.Uri;
        return new SchemaRegistryConnection(bare, user, password);
    }

    /// <summary>The Confluent client configuration (basic auth when credentials were given).</summary>
    public SchemaRegistryConfig ToConfig()
    {
        var config = new SchemaRegistryConfig { Url = Url.GetLeftPart(UriPartial.Path).TrimEnd('/') };
        if (HasCredentials)
        {
            config.BasicAuthCredentialsSource = AuthCredentialsSource.UserInfo;
            config.BasicAuthUserInfo = $"{User}:{_password}";
        }

        return config;
    }

    public ISchemaRegistryClient CreateClient() => new CachedSchemaRegistryClient(ToConfig());

    public override string ToString() => HasCredentials ? new UriBuilder(Url) { UserName = User ?? "", Password = "***" }.Uri.ToString() : Url.ToString();

    private static string Redact(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var at = url.LastIndexOf('@');
        return scheme >= 0 && at > scheme ? string.Concat(url.AsSpan(0, scheme + 3), "***", url.AsSpan(at)) : url;
    }
}
