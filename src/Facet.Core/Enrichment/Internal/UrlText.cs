namespace Facet.Core.Enrichment.Internal;

/// <summary>Span-level URL splitting (no System.Uri: it allocates and rejects much of what browsers send).</summary>
internal static class UrlText
{
    /// <summary>
    /// The host of an absolute URL ("https://www.glamira.de/x"), a scheme-relative one ("//host/x") or a bare host
    /// ("glamira.de/x"): userinfo, port and a trailing dot removed. Empty when there is none.
    /// </summary>
    public static ReadOnlySpan<char> Host(ReadOnlySpan<char> url, out int pathStart)
    {
        url = url.Trim();
        var start = 0;
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0 && scheme < 12 && IsScheme(url[..scheme]))
        {
            start = scheme + 3;
        }
        else if (url.StartsWith("//", StringComparison.Ordinal))
        {
            start = 2;
        }
        else if (url.Length > 0 && url[0] == '/')
        {
            pathStart = 0;
            return [];
        }

        var rest = url[start..];
        var end = rest.IndexOfAny('/', '?', '#');
        if (end < 0)
        {
            end = rest.Length;
        }

        pathStart = start + end;
        var authority = rest[..end];
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            authority = authority[(at + 1)..];
        }

        if (authority.Length > 0 && authority[0] == '[')
        {
            var close = authority.IndexOf(']');
            return close > 0 ? authority[..(close + 1)] : authority;
        }

        var colon = authority.IndexOf(':');
        if (colon >= 0)
        {
            authority = authority[..colon];
        }

        return authority.TrimEnd('.');
    }

    /// <summary>The host lowercased without a leading "www.", as a new string; null when empty.</summary>
    public static string? NormalizedHost(ReadOnlySpan<char> url)
    {
        var host = HostWithoutWww(url);
        return host.IsEmpty ? null : string.Create(host.Length, host, static (dst, src) => src.ToLowerInvariant(dst));
    }

    /// <summary>
    /// <see cref="NormalizedHost"/> written into <paramref name="destination"/> instead of a new string: its length, 0
    /// when there is no host, -1 when the host does not fit.
    /// </summary>
    public static int NormalizedHost(ReadOnlySpan<char> url, Span<char> destination)
    {
        var host = HostWithoutWww(url);
        return host.IsEmpty ? 0 : host.ToLowerInvariant(destination);
    }

    private static ReadOnlySpan<char> HostWithoutWww(ReadOnlySpan<char> url)
    {
        var host = Host(url, out _);
        return host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? host[4..] : host;
    }

    private static bool IsScheme(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }

        return s.Length > 0;
    }
}
