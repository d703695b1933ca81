namespace Facet.Simulation.Generation;

/// <summary>The 27 event types of the stream and their shares (view_product_detail dominant, as in the real stream).</summary>
internal static class Collections
{
    public const int ViewProductDetail = 0;
    public const int SelectProductOption = 1;
    public const int SelectProductOptionQuality = 2;
    public const int ProductDetailRecommendationVisible = 3;
    public const int ProductDetailRecommendationNoticed = 4;
    public const int ProductDetailRecommendationClicked = 5;
    public const int ViewListingPage = 6;
    public const int ListingPageRecommendationVisible = 7;
    public const int ListingPageRecommendationNoticed = 8;
    public const int ListingPageRecommendationClicked = 9;
    public const int ViewLandingPage = 10;
    public const int LandingPageRecommendationVisible = 11;
    public const int LandingPageRecommendationNoticed = 12;
    public const int LandingPageRecommendationClicked = 13;
    public const int ViewHomePage = 14;
    public const int AddToCartAction = 15;
    public const int ViewShoppingCart = 16;
    public const int Checkout = 17;
    public const int CheckoutSuccess = 18;
    public const int BackToProductAction = 19;
    public const int SearchBoxAction = 20;
    public const int ViewStaticPage = 21;
    public const int ViewMyAccount = 22;
    public const int ViewSortingRelevance = 23;
    public const int SortingRelevanceClickAction = 24;
    public const int ViewAllRecommend = 25;
    public const int ProductViewAllRecommendClicked = 26;

    public static readonly string[] Names =
    [
        "view_product_detail", "select_product_option", "select_product_option_quality",
        "product_detail_recommendation_visible", "product_detail_recommendation_noticed", "product_detail_recommendation_clicked",
        "view_listing_page", "listing_page_recommendation_visible", "listing_page_recommendation_noticed", "listing_page_recommendation_clicked",
        "view_landing_page", "landing_page_recommendation_visible", "landing_page_recommendation_noticed", "landing_page_recommendation_clicked",
        "view_home_page", "add_to_cart_action", "view_shopping_cart", "checkout", "checkout_success", "back_to_product_action",
        "search_box_action", "view_static_page", "view_my_account", "view_sorting_relevance", "sorting_relevance_click_action",
        "view_all_recommend", "product_view_all_recommend_clicked",
    ];

    /// <summary>Shares of shopper traffic, same order as <see cref="Names"/>.</summary>
    public static readonly double[] ShopperWeights =
    [
        36, 12, 5,
        7, 4, 1.2,
        6, 4, 2.5, 0.8,
        2, 2, 1.2, 0.4,
        3, 2, 1.8, 0.8, 0.2, 1,
        1.2, 1, 0.6, 0.5, 0.3,
        0.2, 0.15,
    ];

    /// <summary>Crawlers fetch pages; they do not click, select options or buy.</summary>
    public static readonly double[] CrawlerWeights =
    [
        70, 0, 0,
        0, 0, 0,
        15, 0, 0, 0,
        5, 0, 0, 0,
        6, 0, 0, 0, 0, 0,
        0, 4, 0, 0, 0,
        0, 0,
    ];

    /// <summary>Event types that carry <c>product_id</c>.</summary>
    public static bool CarriesProductId(int collection) => collection is ViewProductDetail or SelectProductOption or SelectProductOptionQuality
        or AddToCartAction or BackToProductAction or ProductViewAllRecommendClicked;

    /// <summary>Recommendation widgets on a product page carry <c>viewing_product_id</c> (the parser's fallback) instead.</summary>
    public static bool CarriesViewingProductId(int collection) => collection is ProductDetailRecommendationVisible
        or ProductDetailRecommendationNoticed or ProductDetailRecommendationClicked;

    /// <summary>Event types that load a new page (the next page's referrer is this page).</summary>
    public static bool IsPage(int collection) => collection is ViewProductDetail or ViewListingPage or ViewLandingPage or ViewHomePage
        or ViewShoppingCart or Checkout or CheckoutSuccess or ViewStaticPage or ViewMyAccount or ViewSortingRelevance or ViewAllRecommend
        or SearchBoxAction;

    public static bool IsRecommendation(int collection) => collection is >= ProductDetailRecommendationVisible and <= ProductDetailRecommendationClicked
        or >= ListingPageRecommendationVisible and <= ListingPageRecommendationClicked
        or >= LandingPageRecommendationVisible and <= LandingPageRecommendationClicked;

    public static bool IsRecommendationClick(int collection) => collection is ProductDetailRecommendationClicked or ListingPageRecommendationClicked
        or LandingPageRecommendationClicked or ProductViewAllRecommendClicked;
}
