using Facet.Core.Enrichment.Internal;

namespace Facet.Core.Enrichment;

/// <summary>
/// What a page URL says: host, product name from the slug, UTM / itm_* parameters, a click id and the URL without
/// tracking parameters. Product names come from product pages only (a last path segment ending in ".html" that starts
/// with "glamira-" or carries a "-sku…" suffix): "glamira-ring-saphira-skug100335.html" → "ring-saphira". Any path
/// prefix (/glde/, /catalog/) is ignored. Pure and thread-safe; no System.Uri.
/// </summary>
public sealed class UrlAnalyzer
{
    /// <summary>Click-id parameters in the order they are reported when several are present.</summary>
    public static readonly IReadOnlyList<string> ClickIdParameters = ["gclid", "fbclid", "msclkid", "gbraid", "wbraid", "dclid", "yclid", "ttclid"];

    public static UrlAnalyzer Default { get; } = new();

    public UrlInfo Analyze(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return UrlInfo.Empty;
        }

        var span = url.AsSpan();
        var host = UrlText.NormalizedHost(span);
        UrlText.Host(span, out var pathStart);
        var rest = span[pathStart..];
        var fragmentAt = rest.IndexOf('#');
        var withoutFragment = fragmentAt >= 0 ? rest[..fragmentAt] : rest;
        var queryAt = withoutFragment.IndexOf('?');
        var path = queryAt >= 0 ? withoutFragment[..queryAt] : withoutFragment;
        var productName = ProductName(path);

        string? utmSource = null, utmMedium = null, utmCampaign = null, utmTerm = null, utmContent = null, clickIdType = null, clickId = null;
        var clickRank = int.MaxValue;
        List<KeyValuePair<string, string>>? itm = null;
        var removedAny = false;
        if (queryAt >= 0)
        {
            var query = withoutFragment[(queryAt + 1)..];
            while (!query.IsEmpty)
            {
                var amp = query.IndexOf('&');
                var pair = amp >= 0 ? query[..amp] : query;
                query = amp >= 0 ? query[(amp + 1)..] : [];
                var eq = pair.IndexOf('=');
                var key = eq >= 0 ? pair[..eq] : pair;
                var value = eq >= 0 ? pair[(eq + 1)..] : [];
                if (!IsTracking(key, out var rank))
                {
                    continue;
                }

                removedAny = true;
                if (value.IsEmpty)
                {
                    continue;
                }

                if (key.StartsWith("utm_", StringComparison.OrdinalIgnoreCase))
                {
                    var name = key[4..];
                    if (name.Equals("source", StringComparison.OrdinalIgnoreCase)) { utmSource ??= Decode(value); }
                    else if (name.Equals("medium", StringComparison.OrdinalIgnoreCase)) { utmMedium ??= Decode(value); }
                    else if (name.Equals("campaign", StringComparison.OrdinalIgnoreCase)) { utmCampaign ??= Decode(value); }
                    else if (name.Equals("term", StringComparison.OrdinalIgnoreCase)) { utmTerm ??= Decode(value); }
                    else if (name.Equals("content", StringComparison.OrdinalIgnoreCase)) { utmContent ??= Decode(value); }
                }
                else if (key.StartsWith("itm_", StringComparison.OrdinalIgnoreCase))
                {
                    (itm ??= []).Add(new(key.ToString().ToLowerInvariant(), Decode(value)));
                }
                else if (rank < clickRank)
                {
                    clickRank = rank;
                    clickIdType = ClickIdParameters[rank];
                    clickId = Decode(value);
                }
            }
        }

        var clean = removedAny ? CleanUrl(span, pathStart, queryAt, fragmentAt) : url.Trim();
        return new UrlInfo(host, productName, clean, utmSource, utmMedium, utmCampaign, utmTerm, utmContent, clickIdType, clickId)
        {
            // Not `itm is null ? [] : itm`: typed List there, the empty one is a new list per URL (and per cached page).
            ItmParameters = itm is null ? Array.Empty<KeyValuePair<string, string>>() : itm,
        };
    }

    /// <summary>The product name in a path, or null when the path is not a product page.</summary>
    public static string? ProductName(ReadOnlySpan<char> path)
    {
        path = path.TrimEnd('/');
        var slash = path.LastIndexOf('/');
        var segment = slash >= 0 ? path[(slash + 1)..] : path;
        if (!segment.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        segment = segment[..^5];
        var isGlamira = segment.StartsWith("glamira-", StringComparison.OrdinalIgnoreCase);
        if (isGlamira)
        {
            segment = segment[8..];
        }

        var sku = segment.LastIndexOf("-sku", StringComparison.OrdinalIgnoreCase);
        if (sku > 0)
        {
            segment = segment[..sku];
        }
        else if (!isGlamira)
        {
            return null; // cart.html, privacy.html…: not a product page
        }

        if (segment.IsEmpty)
        {
            return null;
        }

        var text = segment.Contains('%') ? Uri.UnescapeDataString(segment.ToString()) : segment.ToString();
        return text.ToLowerInvariant();
    }

    private static bool IsTracking(ReadOnlySpan<char> key, out int clickRank)
    {
        clickRank = -1;
        if (key.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) || key.StartsWith("itm_", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        for (var i = 0; i < ClickIdParameters.Count; i++)
        {
            if (key.Equals(ClickIdParameters[i], StringComparison.OrdinalIgnoreCase))
            {
                clickRank = i;
                return true;
            }
        }

        return false;
    }

    private static string Decode(ReadOnlySpan<char> value)
    {
        if (value.IndexOfAny('%', '+') < 0)
        {
            return value.ToString();
        }

        var text = value.ToString().Replace('+', ' ');
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            return text;
        }
    }

    private static string CleanUrl(ReadOnlySpan<char> url, int pathStart, int queryAt, int fragmentAt)
    {
        var rest = url[pathStart..];
        var queryEnd = fragmentAt >= 0 ? fragmentAt : rest.Length;
        var builder = new System.Text.StringBuilder(url.Length);
        builder.Append(url[..(pathStart + queryAt)]);
        var query = rest[(queryAt + 1)..queryEnd];
        var first = true;
        while (!query.IsEmpty)
        {
            var amp = query.IndexOf('&');
            var pair = amp >= 0 ? query[..amp] : query;
            query = amp >= 0 ? query[(amp + 1)..] : [];
            var eq = pair.IndexOf('=');
            if (pair.IsEmpty || IsTracking(eq >= 0 ? pair[..eq] : pair, out _))
            {
                continue;
            }

            builder.Append(first ? '?' : '&').Append(pair);
            first = false;
        }

        if (fragmentAt >= 0)
        {
            builder.Append(rest[fragmentAt..]);
        }

        return builder.ToString().Trim();
    }
}
