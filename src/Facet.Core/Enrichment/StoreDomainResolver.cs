using System.Collections.Frozen;
using Facet.Core.Enrichment.Internal;

namespace Facet.Core.Enrichment;

/// <summary>
/// The shop domain of a page URL and the country and language its top-level domain implies. Every ISO 3166-1 ccTLD
/// maps to its country (.uk → GB); a country-code second-level pattern (glamira.co.uk, glamira.com.br, .com.au,
/// .co.nz, .co.jp, .com.mx, …) keeps three labels in the domain. Generic TLDs (.com, .net, .shop, …) and non-country
/// codes (.eu, .su) give no country. Pure and thread-safe.
/// </summary>
public sealed class StoreDomainResolver
{
    /// <summary>Second-level labels that registries under a ccTLD sell domains beneath (co.uk, com.br, or.jp…).</summary>
    private static readonly FrozenSet<string> SecondLevelLabels = new[]
    {
        "co", "com", "net", "org", "gov", "edu", "ac", "or", "ne", "go", "gob", "ltd", "plc", "nom", "gv", "mil", "info",
        "biz", "sch", "gen", "web", "firm", "in", "me", "nic", "int", "res", "ind", "ed", "lg", "gr", "ad",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static StoreDomainResolver Default { get; } = new();

    /// <summary>Resolves a page URL or a bare host. Unparsable or empty → <see cref="StoreInfo.Unknown"/>.</summary>
    public StoreInfo Resolve(string? urlOrHost)
    {
        if (string.IsNullOrWhiteSpace(urlOrHost))
        {
            return StoreInfo.Unknown;
        }

        return ResolveHost(UrlText.NormalizedHost(urlOrHost));
    }

    /// <summary>
    /// Resolves a host already normalized as <see cref="UrlInfo.Host"/> is (lowercase, no "www."); null or a host that
    /// is an IP literal or has no dot → <see cref="StoreInfo.Unknown"/>.
    /// </summary>
    public StoreInfo ResolveHost(string? host)
    {
        if (host is null || host.StartsWith('[') || host.IndexOf('.') < 0)
        {
            return StoreInfo.Unknown;
        }

        var lastDot = host.LastIndexOf('.');
        var tld = host.AsSpan(lastDot + 1);
        var secondDot = lastDot > 0 ? host.LastIndexOf('.', lastDot - 1) : -1;
        var country = CountryFromTld(tld);
        var domainStart = secondDot + 1;
        if (country is not null && secondDot >= 0)
        {
            var sld = host[(secondDot + 1)..lastDot];
            var thirdDot = secondDot > 0 ? host.LastIndexOf('.', secondDot - 1) : -1;
            if (SecondLevelLabels.Contains(sld) && secondDot > 0)
            {
                domainStart = thirdDot + 1;
            }
        }

        var domain = domainStart == 0 ? host : host[domainStart..];
        string? language = null;
        if (country is not null)
        {
            CountryCodes.Language.TryGetValue(country, out language);
        }

        return new StoreInfo(domain, country, language);
    }

    /// <summary>The ISO country of a top-level domain ("de" → "DE", "uk" → "GB"), or null for generic ones.</summary>
    public static string? CountryFromTld(ReadOnlySpan<char> tld)
    {
        if (tld.Length != 2 || !char.IsAsciiLetter(tld[0]) || !char.IsAsciiLetter(tld[1]))
        {
            return null;
        }

        if (tld.Equals("uk", StringComparison.OrdinalIgnoreCase))
        {
            return "GB";
        }

        Span<char> upper = stackalloc char[2];
        tld.ToUpperInvariant(upper);
        var code = new string(upper);
        return CountryCodes.Iso.Contains(code) ? code : null;
    }
}
