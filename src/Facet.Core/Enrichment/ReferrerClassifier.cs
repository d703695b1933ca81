using System.Collections.Frozen;
using Facet.Core.Enrichment.Internal;

namespace Facet.Core.Enrichment;

/// <summary>
/// Referrer URL → host (lowercased, no leading "www.") and medium: "(direct)" when empty; internal for any glamira.*
/// host (or the page's own host); then email (webmail hosts, checked before search so mail.google.com is email),
/// search (google.*, bing, yahoo, duckduckgo, yandex, baidu, ecosia…), social (facebook, instagram, pinterest,
/// t.co/twitter/x, linkedin, youtube, tiktok, reddit…); everything else is other. Android app referrers
/// (android-app://com.google.android.gm) are classified by package. Pure and thread-safe.
/// </summary>
public sealed class ReferrerClassifier
{
    /// <summary>Brand labels (the label before the public suffix: google.co.uk → google) of search engines.</summary>
    private static readonly FrozenSet<string> SearchBrands = new[]
    {
        "google", "bing", "yahoo", "duckduckgo", "yandex", "baidu", "ecosia", "naver", "seznam", "qwant", "startpage",
        "ask", "aol", "sogou", "daum", "so", "yandex", "search", "petalsearch", "mojeek", "metager", "swisscows", "lilo",
        "ya",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> SocialBrands = new[]
    {
        "facebook", "fb", "instagram", "pinterest", "twitter", "x", "linkedin", "lnkd", "youtube", "youtu", "tiktok",
        "reddit", "vk", "ok", "snapchat", "whatsapp", "telegram", "tumblr", "quora", "threads", "messenger", "pin",
        "weibo", "line", "discord", "flickr", "xing", "bsky",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> SocialHosts = new[] { "t.co", "t.me", "ok.ru", "vk.com", "pin.it", "lnkd.in", "youtu.be", "fb.me", "wa.me", "bsky.app" }
        .ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> SearchHosts = new[] { "search.brave.com", "search.aol.com", "com.google.android.googlequicksearchbox", "com.google.android.gms" }
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Webmail hosts and domains (matched on the whole host or its registrable domain).</summary>
    private static readonly FrozenSet<string> EmailHosts = new[]
    {
        "mail.google.com", "inbox.google.com", "outlook.live.com", "outlook.office.com", "outlook.office365.com", "mail.live.com",
        "mail.yahoo.com", "mail.aol.com", "mail.yandex.ru", "mail.yandex.com", "e.mail.ru", "mail.ru", "gmx.net", "gmx.de",
        "gmx.at", "gmx.ch", "gmx.com", "web.de", "freenet.de", "email.t-online.de", "mail.proton.me", "proton.me", "protonmail.com",
        "mail.zoho.com", "icloud.com", "www.icloud.com", "email.seznam.cz", "poczta.onet.pl", "poczta.wp.pl", "mail.libero.it",
        "webmail.orange.fr", "mail.orange.fr", "com.google.android.gm", "com.microsoft.office.outlook", "com.yahoo.mobile.client.android.mail",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> SocialApps = new[]
    {
        "com.facebook.katana", "com.facebook.orca", "com.facebook.lite", "com.instagram.android", "com.pinterest",
        "com.twitter.android", "com.linkedin.android", "com.zhiliaoapp.musically", "com.reddit.frontpage", "com.google.android.youtube",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> SecondLevelLabels = new[] { "co", "com", "net", "org", "ac", "or", "ne", "go", "gob", "ltd", "edu", "gov" }
        .ToFrozenSet(StringComparer.Ordinal);

    public static ReferrerClassifier Default { get; } = new();

    /// <summary>Classifies a referrer. <paramref name="currentHost"/> (the page's normalized host), when given, also counts as internal.</summary>
    public ReferrerInfo Classify(string? referrerUrl, string? currentHost = null)
    {
        if (string.IsNullOrWhiteSpace(referrerUrl))
        {
            return ReferrerInfo.Direct;
        }

        return ClassifyHost(UrlText.NormalizedHost(referrerUrl), currentHost);
    }

    /// <summary>Classifies a referrer by its normalized host (lowercase, no "www."); null → <see cref="ReferrerInfo.Direct"/>.</summary>
    public ReferrerInfo ClassifyHost(string? host, string? currentHost = null) =>
        host is null ? ReferrerInfo.Direct : new ReferrerInfo(host, MediumOf(host, currentHost));

    /// <summary>The medium of a normalized host.</summary>
    public static ReferrerMedium MediumOf(string host, string? currentHost = null)
    {
        if (IsShopHost(host) || (currentHost is not null && string.Equals(host, currentHost, StringComparison.Ordinal)))
        {
            return ReferrerMedium.Internal;
        }

        if (SocialApps.Contains(host))
        {
            return ReferrerMedium.Social;
        }

        var brandStart = BrandStart(host, out var brand);
        var registrable = host[brandStart..];
        if (EmailHosts.Contains(host) || EmailHosts.Contains(registrable)
            || host.StartsWith("mail.", StringComparison.Ordinal) || host.StartsWith("webmail.", StringComparison.Ordinal)
            || host.StartsWith("email.", StringComparison.Ordinal) || host.Contains(".mail.", StringComparison.Ordinal))
        {
            return ReferrerMedium.Email;
        }

        if (SearchHosts.Contains(host) || SearchBrands.Contains(brand))
        {
            return ReferrerMedium.Search;
        }

        if (SocialHosts.Contains(host) || SocialHosts.Contains(registrable) || SocialBrands.Contains(brand))
        {
            return ReferrerMedium.Social;
        }

        return ReferrerMedium.Other;
    }

    /// <summary>True for any host of the shop family: glamira.&lt;tld&gt;, glamira.co.uk and their subdomains.</summary>
    public static bool IsShopHost(string host)
    {
        BrandStart(host, out var brand);
        return brand == "glamira";
    }

    /// <summary>Start of the registrable domain (google.co.uk in www.google.co.uk) and its first label (google).</summary>
    private static int BrandStart(string host, out string brand)
    {
        var lastDot = host.LastIndexOf('.');
        if (lastDot <= 0)
        {
            brand = host;
            return 0;
        }

        var secondDot = host.LastIndexOf('.', lastDot - 1);
        var tldIsCountry = host.Length - lastDot - 1 == 2;
        if (tldIsCountry && secondDot > 0 && SecondLevelLabels.Contains(host[(secondDot + 1)..lastDot]))
        {
            var thirdDot = host.LastIndexOf('.', secondDot - 1);
            brand = host[(thirdDot + 1)..secondDot];
            return thirdDot + 1;
        }

        brand = host[(secondDot + 1)..lastDot];
        return secondDot + 1;
    }
}
