using System.Text;
using Bogus;

namespace Facet.Simulation.Generation;

/// <summary>
/// A catalog of jewellery products with Zipf-like popularity (the product at rank r is viewed ∝ 1/r^0.9) and slugs
/// <c>glamira-&lt;type&gt;-&lt;name&gt;-sku&lt;code&gt;.html</c> whose type word is in the store's language.
/// Names come from Bogus's English first names through a seeded <see cref="Randomizer"/>, so the catalog is fixed by
/// the seed.
/// </summary>
internal sealed class ProductCatalog
{
    /// <summary>Product type words per slug language; languages not listed use English.</summary>
    private static readonly Dictionary<string, string[]> TypeWords = new(StringComparer.Ordinal)
    {
        ["en"] = ["ring", "engagement-ring", "wedding-ring", "earring", "necklace", "pendant", "bracelet", "mens-ring"],
        ["de"] = ["ring", "verlobungsring", "ehering", "ohrring", "halskette", "anhaenger", "armband", "herrenring"],
        ["fr"] = ["bague", "bague-de-fiancailles", "alliance", "boucle-d-oreille", "collier", "pendentif", "bracelet", "bague-homme"],
        ["it"] = ["anello", "anello-di-fidanzamento", "fede-nuziale", "orecchino", "collana", "ciondolo", "bracciale", "anello-uomo"],
        ["es"] = ["anillo", "anillo-de-compromiso", "alianza", "pendiente", "collar", "colgante", "pulsera", "anillo-hombre"],
        ["pt"] = ["anel", "anel-de-noivado", "alianca", "brinco", "colar", "pingente", "pulseira", "anel-masculino"],
        ["nl"] = ["ring", "verlovingsring", "trouwring", "oorbel", "ketting", "hanger", "armband", "herenring"],
        ["sv"] = ["ring", "forlovningsring", "vigselring", "orhange", "halsband", "hange", "armband", "herrring"],
        ["da"] = ["ring", "forlovelsesring", "vielsesring", "orering", "halskaede", "vedhaeng", "armband", "herrering"],
        ["nb"] = ["ring", "forlovelsesring", "giftering", "orering", "halskjede", "anheng", "armband", "herrering"],
        ["fi"] = ["sormus", "kihlasormus", "vihkisormus", "korvakoru", "kaulakoru", "riipus", "rannekoru", "miesten-sormus"],
        ["pl"] = ["pierscionek", "pierscionek-zareczynowy", "obraczka", "kolczyk", "naszyjnik", "wisiorek", "bransoletka", "sygnet"],
        ["cs"] = ["prsten", "zasnubni-prsten", "snubni-prsten", "nausnice", "nahrdelnik", "privesek", "naramek", "pansky-prsten"],
        ["hu"] = ["gyuru", "eljegyzesi-gyuru", "karikagyuru", "fulbevalo", "nyaklanc", "medal", "karkoto", "ferfi-gyuru"],
        ["ro"] = ["inel", "inel-de-logodna", "verigheta", "cercel", "colier", "pandantiv", "bratara", "inel-barbati"],
        ["tr"] = ["yuzuk", "tek-tas-yuzuk", "alyans", "kupe", "kolye", "kolye-ucu", "bileklik", "erkek-yuzugu"],
    };

    private readonly Product[] _products;
    private readonly WeightedChoice _popularity;
    private readonly Dictionary<string, byte[][]> _slugs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[][]> _categoryPaths = new(StringComparer.Ordinal);

    public ProductCatalog(long seed, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var randomizer = new Randomizer(unchecked((int)(seed ^ (seed >> 32)) ^ 0x5EED));
        var faker = new Faker("en") { Random = randomizer };
        _products = new Product[count];
        var weights = new double[count];
        var usedIds = new HashSet<int>();
        for (var i = 0; i < count; i++)
        {
            int id;
            do
            {
                id = randomizer.Int(10_000, 599_999);
            }
            while (!usedIds.Add(id));

            var type = randomizer.Int(0, 7);
            var name = Slugify(faker.Name.FirstName());
            var sku = randomizer.Int(1_000, 99_999);
            // Engagement rings and wedding rings cost more; prices end in .00 as in the shop.
            var basePrice = Math.Round((decimal)(randomizer.Double(180, 1_400) * (type is 1 or 2 ? 1.8 : 1.0)), 0);
            _products[i] = new Product(id.ToString(System.Globalization.CultureInfo.InvariantCulture), type, name, sku, basePrice);
            weights[i] = 1.0 / Math.Pow(i + 1, 0.9);
        }

        _popularity = new WeightedChoice(weights);
    }

    public int Count => _products.Length;

    public Product this[int index] => _products[index];

    /// <summary>A product index drawn by popularity.</summary>
    public int NextPopular(GeneratorRandom random) => _popularity.Next(random);

    /// <summary>The slug bytes of a product for a store language, built once per language.</summary>
    public byte[] Slug(int index, string language)
    {
        if (!_slugs.TryGetValue(language, out var slugs))
        {
            _slugs[language] = slugs = new byte[_products.Length][];
        }

        if (slugs[index] is { } slug)
        {
            return slug;
        }

        var words = TypeWords.TryGetValue(language, out var localized) ? localized : TypeWords["en"];
        var product = _products[index];
        return slugs[index] = Encoding.UTF8.GetBytes($"glamira-{words[product.Type]}-{product.Name}-sku{product.Sku}.html");
    }

    /// <summary>The listing-page path segment of a product type in a language.</summary>
    public static string CategoryWord(int type, string language) =>
        (TypeWords.TryGetValue(language, out var words) ? words : TypeWords["en"])[type] + "s";

    private static string Slugify(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (c is ' ' or '-' or '\'')
            {
                builder.Append('-');
            }
        }

        return builder.Length > 0 ? builder.ToString() : "classic";
    }

    /// <summary>The listing-page path ("/rings/") of a product type in a language, as bytes, built once.</summary>
    public byte[] CategoryPath(int type, string language)
    {
        if (!_categoryPaths.TryGetValue(language, out var paths))
        {
            _categoryPaths[language] = paths = new byte[8][];
        }

        return paths[type] ??= Encoding.UTF8.GetBytes($"/{CategoryWord(type, language)}/");
    }

    internal sealed record Product(string Id, int Type, string Name, int Sku, decimal BasePriceEuro)
    {
        public byte[] IdUtf8 { get; } = Encoding.ASCII.GetBytes(Id);

        public long Number { get; } = long.Parse(Id, System.Globalization.CultureInfo.InvariantCulture);
    }
}
