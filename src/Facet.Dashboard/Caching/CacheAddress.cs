namespace Facet.Dashboard.Caching;

/// <summary>The <c>--cache</c> value: <c>redis://HOST:PORT</c> (port 6379 when omitted), or <c>off</c>.</summary>
public static class CacheAddress
{
    /// <summary><c>off</c>: no report cache at all, every request reads the warehouse (to measure what the cache saves).</summary>
    public static bool IsOff(string? value) => string.Equals(value, "off", StringComparison.OrdinalIgnoreCase);

    /// <summary>HOST:PORT of <paramref name="uri"/>; throws <see cref="ArgumentException"/> with one line naming the accepted form.</summary>
    public static string Parse(string uri)
    {
        if (Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme == "redis" && parsed.Host.Length > 0
            && parsed.AbsolutePath is "" or "/" && parsed.UserInfo.Length == 0 && parsed.Query.Length == 0)
        {
            var port = parsed.IsDefaultPort || parsed.Port < 0 ? 6379 : parsed.Port;
            return parsed.HostNameType == UriHostNameType.IPv6 ? $"[{parsed.DnsSafeHost}]:{port}" : $"{parsed.Host}:{port}";
        }

        throw new ArgumentException($"--cache must be redis://HOST:PORT, e.g. redis://127.0.0.1:6379, or off (got '{uri}')", nameof(uri));
    }
}
