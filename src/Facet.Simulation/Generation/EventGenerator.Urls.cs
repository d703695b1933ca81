using System.Text;

namespace Facet.Simulation.Generation;

// The generator's URLs, referrers and search terms, built into reusable byte buffers so writing an event does not allocate.
public sealed partial class EventGenerator
{
    private static readonly string[] StaticPages = ["/about-us.html", "/shipping.html", "/returns.html", "/ring-size-guide.html", "/contacts.html", "/faq.html"];
    private static readonly string[] LandingPages = ["/sale.html", "/new-arrivals.html", "/bestsellers.html", "/valentines-day.html", "/christmas-gifts.html", "/mothers-day.html"];
    private static readonly (string Source, string Medium)[] Utms =
    [
        ("google", "cpc"), ("facebook", "paid_social"), ("newsletter", "email"), ("criteo", "retargeting"), ("pinterest", "social"),
        ("instagram", "social"), ("awin", "affiliate"), ("bing", "cpc"),
    ];

    private static readonly double[] UtmWeights = [40, 15, 15, 8, 6, 8, 5, 3];

    private static readonly (string Url, double Weight)[] ExternalReferrers =
    [
        ("", 30), ("{google}", 40), ("https://www.bing.com/", 5), ("https://duckduckgo.com/", 2), ("https://www.ecosia.org/", 1),
        ("https://www.facebook.com/", 6), ("https://l.facebook.com/", 4), ("https://www.instagram.com/", 5), ("https://www.pinterest.com/", 3),
        ("https://www.youtube.com/", 1), ("https://t.co/", 1), ("https://search.yahoo.com/", 1), ("https://www.tiktok.com/", 1),
    ];

    private readonly WeightedChoice _utmChoice = new(UtmWeights);
    private readonly WeightedChoice _referrerChoice = new([.. ExternalReferrers.Select(r => r.Weight)]);
    /// <summary>Generated URLs stay under 300 bytes (host, prefix, slug, one query parameter); this bounds them with room to spare.</summary>
    private const int MaxUrlBytes = 1_024;

    private readonly byte[] _url = new byte[MaxUrlBytes];
    private readonly byte[] _referrer = new byte[MaxUrlBytes];

    private string SearchTerm(GeneratorStore store)
    {
        var product = _products[_products.NextPopular(_random)];
        var type = ProductCatalog.CategoryWord(product.Type, store.Language).TrimEnd('s').Replace('-', ' ');
        return _random.NextDouble() switch
        {
            < 0.45 => type,
            < 0.70 => $"{type} {_random.Pick(Alloys).Split('-')[0]}",
            < 0.85 => product.Name,
            // Shoppers type personal data into search boxes: key_search may hold it.
            < 0.88 => _faker.Internet.Email(),
            _ => $"{type} {_random.Pick(Stones).Split('-')[0]}",
        };
    }

    private int BuildUrl(int collection, Session session, int product, GeneratorStore store)
    {
        var n = Copy(_storeHosts[session.Store], _url);
        n += Copy(_storePrefixes[session.Store], _url.AsSpan(n));
        switch (collection)
        {
            case Collections.ViewHomePage:
                _url[n++] = (byte)'/';
                break;
            case Collections.ViewListingPage:
            case Collections.ViewSortingRelevance:
            case Collections.SortingRelevanceClickAction:
            case >= Collections.ListingPageRecommendationVisible and <= Collections.ListingPageRecommendationClicked:
                n += Copy(_products.CategoryPath(session.Product >= 0 ? _products[session.Product].Type : 0, store.Language), _url.AsSpan(n));
                if (collection is Collections.ViewSortingRelevance or Collections.SortingRelevanceClickAction)
                {
                    n += Ascii("?product_list_order=relevance", n);
                }

                break;
            case Collections.ViewLandingPage:
            case >= Collections.LandingPageRecommendationVisible and <= Collections.LandingPageRecommendationClicked:
                n += Ascii(LandingPages[(int)(session.Seed % (ulong)LandingPages.Length)], n);
                break;
            case Collections.ViewShoppingCart:
                n += Ascii("/checkout/cart/", n);
                break;
            case Collections.Checkout:
                n += Ascii("/checkout/#shipping", n);
                break;
            case Collections.CheckoutSuccess:
                n += Ascii("/checkout/onepage/success/", n);
                break;
            case Collections.ViewStaticPage:
                n += Ascii(_random.Pick(StaticPages), n);
                break;
            case Collections.ViewMyAccount:
                n += Ascii("/customer/account/", n);
                break;
            case Collections.SearchBoxAction:
                n += Ascii("/catalogsearch/result/?q=" + Uri.EscapeDataString(ProductCatalog.CategoryWord(0, store.Language)), n);
                break;
            case Collections.ViewAllRecommend:
                n += Ascii("/recommendations/", n);
                break;
            default:
                var p = product >= 0 ? product : (session.Product >= 0 ? session.Product : 0);
                _url[n++] = (byte)'/';
                n += Copy(_products.Slug(p, store.Language), _url.AsSpan(n));
                if (collection == Collections.ViewProductDetail)
                {
                    if (session.Utm >= 0 && session.Events == 1)
                    {
                        var (source, medium) = Utms[session.Utm];
                        n += Ascii($"?utm_source={source}&utm_medium={medium}", n);
                    }
                    else if (_random.Chance(0.15))
                    {
                        n += Ascii($"?alloy={_random.Pick(Alloys)}", n);
                    }
                }

                break;
        }

        return n;
    }

    private int Ascii(string text, int at) => Encoding.ASCII.GetBytes(text, _url.AsSpan(at));

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }
}
