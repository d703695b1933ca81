namespace Facet.SchemaRegistry;

/// <summary>Where the embedded schema registry listens and who may call it.</summary>
public sealed class SchemaRegistryOptions
{
    /// <summary>Address to bind; loopback by default so nothing is exposed unless asked for.</summary>
    public string Bind { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (read the bound address from <see cref="SchemaRegistryServer.Url"/>).</summary>
    public int Port { get; set; } = 8081;

    /// <summary>
    /// When set, every request must carry it: <c>Authorization: Bearer TOKEN</c>, or HTTP basic auth with any user
    /// name and the token as password (what Confluent clients send with basic.auth.user.info).
    /// </summary>
    public string? AuthToken { get; set; }
}
