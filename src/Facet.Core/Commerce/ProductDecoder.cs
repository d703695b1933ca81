using Facet.Core.Commerce.Internal;
using Facet.Core.Events;
using Facet.Core.Streams;

namespace Facet.Core.Commerce;

/// <summary>
/// Decodes a product from Shape A's JSON (product_id, name, category, price, stock_quantity, supplier, rating),
/// Shape B's catalog fields (id, masterCategory, subCategory, articleType, …) or Facet's form. Never throws; thread-safe.
/// </summary>
public sealed class ProductDecoder(CommerceDecoderOptions? options = null) : IRecordDecoder<Product>, IEntityBuilder<Product>
{
    internal const int Id = 0, Name = 1, Category = 2, SubCategory = 3, ArticleType = 4, Gender = 5, BaseColour = 6, Season = 7,
        Year = 8, Usage = 9, Price = 10, Currency = 11, Stock = 12, Supplier = 13, Rating = 14, UpdatedAt = 15;

    internal static readonly FieldTable Table = new(
        ["product_id", "id"],
        ["name", "productDisplayName", "product_name"],
        ["category", "masterCategory"],
        ["sub_category", "subCategory"],
        ["article_type", "articleType"],
        ["gender"],
        ["base_colour", "baseColour", "base_color", "colour", "color"],
        ["season"],
        ["year"],
        ["usage"],
        ["price", "unit_price"],
        ["currency"],
        ["stock_quantity", "stock"],
        ["supplier"],
        ["rating"],
        ["updated_at"]);

    private readonly CommerceDecoderOptions _options = options ?? new CommerceDecoderOptions();

    static FieldTable IEntityBuilder<Product>.Fields => Table;

    public Decoded<Product> Decode(ReadOnlyMemory<byte> value, SourcePosition position) =>
        JsonRecordDecoding.Decode<Product, ProductDecoder>(value, position, _options);

    static Product? IEntityBuilder<Product>.Build<TSource>(ref RecordReader<TSource> r)
    {
        var product = new Product
        {
            ProductId = r.Id(Id),
            Name = r.String(Name),
            Category = r.String(Category),
            SubCategory = r.String(SubCategory),
            ArticleType = r.String(ArticleType),
            Gender = r.String(Gender),
            BaseColour = r.String(BaseColour),
            Season = r.String(Season),
            Year = r.Int(Year, 1900, 2200),
            Usage = r.String(Usage),
            Price = r.Amount(Price),
            Currency = r.Currency(Currency),
            StockQuantity = r.Quantity(Stock),
            Supplier = r.String(Supplier),
            Rating = r.Decimal(Rating, 0, 5, CommerceRejectionCodes.RatingOutOfRange),
            UpdatedAt = r.OptionalTime(UpdatedAt),
        };
        return r.Failed ? null : product;
    }
}
