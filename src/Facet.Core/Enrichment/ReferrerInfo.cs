namespace Facet.Core.Enrichment;

/// <summary>The referrer host (lowercased, without "www.") or "(direct)", and its medium.</summary>
public sealed record ReferrerInfo(string Host, ReferrerMedium Medium)
{
    public const string DirectHost = "(direct)";

    public static readonly ReferrerInfo Direct = new(DirectHost, ReferrerMedium.Direct);
}
