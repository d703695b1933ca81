namespace Facet.Streaming.Generation.Commerce;

/// <summary>The fixed word lists the commerce world is drawn from (Shape B's Indonesian fashion shop).</summary>
internal static class CommerceVocabulary
{
    public static readonly string[] FirstNames = ["Ayu", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gilang", "Hana", "Indra", "Joko", "Kartika", "Lestari", "Made", "Nadia", "Putu", "Rina", "Sari", "Tono", "Wulan", "Yusuf"];

    public static readonly string[] LastNames = ["Lestari", "Pratama", "Saputra", "Wijaya", "Santoso", "Hidayat", "Kusuma", "Nugroho", "Siregar", "Rahmawati", "Setiawan", "Halim"];

    /// <summary>Province, latitude, longitude.</summary>
    public static readonly (string Name, double Lat, double Long)[] Provinces =
    [
        ("Jakarta Raya", -6.2146, 106.8451), ("Jawa Barat", -6.9147, 107.6098), ("Jawa Tengah", -7.0051, 110.4381),
        ("Jawa Timur", -7.2575, 112.7521), ("Bali", -8.6500, 115.2167), ("Sumatera Utara", 3.5952, 98.6722),
        ("Sulawesi Selatan", -5.1477, 119.4327), ("Kalimantan Timur", -0.5022, 117.1536), ("Yogyakarta", -7.7956, 110.3695),
        ("Banten", -6.1200, 106.1503),
    ];

    public static readonly string[] Devices = ["Android", "iOS"];

    public static readonly string[] DeviceVersions = ["Android 9", "Android 10", "Android 11", "iPhone; iOS 13.1.2", "iPhone; iOS 14.4", "iPad; iOS 14.2"];

    /// <summary>Master category, sub category, article types.</summary>
    public static readonly (string Master, string Sub, string[] Articles)[] Categories =
    [
        ("Apparel", "Topwear", ["Shirts", "Tshirts", "Tops", "Sweatshirts"]),
        ("Apparel", "Bottomwear", ["Jeans", "Trousers", "Shorts", "Skirts"]),
        ("Footwear", "Shoes", ["Casual Shoes", "Sports Shoes", "Heels", "Flip Flops"]),
        ("Accessories", "Bags", ["Handbags", "Backpacks", "Clutches"]),
        ("Accessories", "Watches", ["Watches"]),
        ("Personal Care", "Fragrance", ["Perfume and Body Mist", "Deodorant"]),
    ];

    public static readonly string[] Colours = ["Navy Blue", "Black", "White", "Grey", "Red", "Green", "Brown", "Pink", "Beige", "Blue"];

    public static readonly string[] Brands = ["Turtle", "Nike", "Puma", "Roadster", "Fossil", "Titan", "Wrangler", "Batik Keris", "Eiger", "Bata"];

    public static readonly string[] ProductGenders = ["Men", "Women", "Unisex", "Boys", "Girls"];

    public static readonly string[] Seasons = ["Fall", "Summer", "Winter", "Spring"];

    public static readonly string[] Usages = ["Casual", "Formal", "Sports", "Ethnic", "Party"];

    public static readonly string[] Suppliers = ["PT Sumber Makmur", "CV Jaya Abadi", "PT Mode Nusantara", "PT Sinar Fashion"];

    public static readonly string[] SearchKeywords = ["Tas Ransel", "Sepatu Lari", "Kemeja Batik", "Jam Tangan", "Kaos Polos", "Celana Jeans", "Parfum"];

    public static readonly string[] PromoCodes = ["WEEKENDSERU", "BUYMORE", "XX2022", "AZ2022", "LIBURSEKOLAH", "STARTUP"];

    public static readonly string[] Reviews =
    [
        "Exactly as described, fast delivery.", "Bahannya bagus, ukuran pas.", "Colour is a bit darker than the photo.",
        "Great value, will buy again!", "Packaging was damaged but the item is fine.", "Kurang sesuai, agak kebesaran.",
    ];

    public static readonly string[] Services = ["checkout", "payments", "catalog", "search", "auth"];

    public static readonly (string Level, string Message)[] LogMessages =
    [
        ("INFO", "Order placed"), ("INFO", "User logged in"), ("INFO", "Cache refreshed"), ("INFO", "Search index updated"),
        ("WARNING", "Payment gateway latency above 2s"), ("WARNING", "Stock below reorder level"), ("ERROR", "Payment declined by issuer"),
        ("ERROR", "Timeout calling shipping API"),
    ];
}
