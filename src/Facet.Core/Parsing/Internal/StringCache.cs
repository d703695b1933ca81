using System.Collections.Frozen;
using System.Text;

namespace Facet.Core.Parsing.Internal;

/// <summary>
/// Immutable tables of strings that repeat on nearly every event (collections, api_version, currencies, resolutions,
/// option labels, small numbers), so parsing returns a shared instance instead of allocating. Read-only after the
/// static constructor, hence safe from any thread.
/// </summary>
internal static class StringCache
{
    private const int MaxCachedLength = 48;
    private const int SmallNumbers = 1024;

    /// <summary>The 27 event types of the Glamira log.</summary>
    public static readonly string[] Collections =
    [
        "add_to_cart_action", "back_to_product_action", "checkout", "checkout_success",
        "landing_page_recommendation_clicked", "landing_page_recommendation_noticed", "landing_page_recommendation_visible",
        "listing_page_recommendation_clicked", "listing_page_recommendation_noticed", "listing_page_recommendation_visible",
        "product_detail_recommendation_clicked", "product_detail_recommendation_noticed", "product_detail_recommendation_visible",
        "product_view_all_recommend_clicked", "search_box_action", "select_product_option", "select_product_option_quality",
        "sorting_relevance_click_action", "view_all_recommend", "view_home_page", "view_landing_page", "view_listing_page",
        "view_my_account", "view_product_detail", "view_shopping_cart", "view_sorting_relevance", "view_static_page",
    ];

    private static readonly string[] Others =
    [
        // api_version
        "1.0", "1.1", "1.2", "2.0",
        // currencies as the shop writes them
        "£", "€", "$", "kr", "kr.", "zł", "Kč", "Ft", "lei", "лв", "CHF", "R$", "₺", "¥", "₹", "A$", "C$", "NZ$", "HK$", "S$",
        "kn", "din.", "₽", "руб", "RM", "₱", "R", "₩", "฿", "Rp", "₫", "₪", "USD", "EUR", "GBP", "SEK", "NOK", "DKK", "AUD", "CAD",
        // resolutions
        "375x667", "414x896", "390x844", "360x640", "360x780", "360x800", "412x915", "393x851", "375x812", "414x736",
        "428x926", "320x568", "768x1024", "810x1080", "1024x768", "1280x720", "1280x800", "1280x1024", "1366x768",
        "1440x900", "1536x864", "1600x900", "1680x1050", "1920x1080", "1920x1200", "2560x1440", "2560x1080", "3840x2160",
        // option labels and common values
        "alloy", "diamond", "stone", "pearl", "pearlcolor", "shapediamond", "size", "color", "engraving", "carat", "quality",
        "Alloy", "Diamond", "Stone", "Pearl", "Size", "Color", "Colour", "Engraving", "Carat", "Quality", "Shape",
        "Red 375", "Red 585", "Red 750", "White 375", "White 585", "White 750", "Yellow 375", "Yellow 585", "Yellow 750",
        "Platinum", "Silver 925", "Palladium 950", "Diamond Brillant", "Swarovsky Crystal", "Sapphire", "Ruby", "Emerald",
        "Lab Grown Diamond", "Black Diamond", "Blue Diamond", "Garnet", "Amethyst", "Citrine", "Peridot", "Moissanite",
        "true", "false",
    ];

    // Declared after the arrays they are built from: static initializers run in textual order.
    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Known = BuildKnown();
    private static readonly string[] Numbers = BuildNumbers();

    /// <summary>
    /// A shared instance for well-known values; otherwise the instance <paramref name="recent"/> keeps for the text (a
    /// field's values beyond this list: the generated day's resolutions and option values), or a new string without one.
    /// <paramref name="utf8"/> must be unescaped UTF-8.
    /// </summary>
    public static string Get(ReadOnlySpan<byte> utf8, RecentStrings? recent = null)
    {
        if (utf8.Length == 0)
        {
            return string.Empty;
        }

        if (utf8.Length <= 4 && TryNumber(utf8, out var number))
        {
            return number;
        }

        if (utf8.Length <= MaxCachedLength)
        {
            Span<char> chars = stackalloc char[MaxCachedLength];
            var count = Encoding.UTF8.GetChars(utf8, chars);
            return Known.TryGetValue(chars[..count], out var known) ? known
                : recent is not null ? recent.Get(utf8)
                : new string(chars[..count]);
        }

        return recent is not null ? recent.Get(utf8) : Encoding.UTF8.GetString(utf8);
    }

    /// <summary>
    /// A shared instance for small canonical integers ("0"…"1023"); for any other text the instance
    /// <paramref name="recent"/> keeps for it, or a new string without one.
    /// </summary>
    public static string Digits(ReadOnlySpan<byte> utf8, RecentStrings? recent = null) =>
        utf8.Length <= 4 && TryNumber(utf8, out var number) ? number
        : recent is not null ? recent.Get(utf8)
        : Encoding.UTF8.GetString(utf8);

    private static bool TryNumber(ReadOnlySpan<byte> utf8, out string value)
    {
        value = string.Empty;
        if (utf8[0] == (byte)'0' && utf8.Length > 1)
        {
            return false; // "007" must stay "007"
        }

        var n = 0;
        foreach (var b in utf8)
        {
            var d = b - (byte)'0';
            if ((uint)d > 9)
            {
                return false;
            }

            n = (n * 10) + d;
        }

        if (n >= SmallNumbers)
        {
            return false;
        }

        value = Numbers[n];
        return true;
    }

    private static FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> BuildKnown()
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in Collections)
        {
            all[s] = s;
        }

        foreach (var s in Others)
        {
            all[s] = s;
        }

        return all.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private static string[] BuildNumbers()
    {
        var numbers = new string[SmallNumbers];
        for (var i = 0; i < numbers.Length; i++)
        {
            numbers[i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return numbers;
    }
}
