namespace Facet.Core.Commerce.Internal;

/// <summary>One CSV row's fields by field index: an absent column is Missing, an empty cell Null, anything else a String.</summary>
internal readonly struct CsvFieldSource(string?[] values) : IFieldSource
{
    public FieldKind Kind(int field) => values[field] switch
    {
        null => FieldKind.Missing,
        "" => FieldKind.Null,
        _ => FieldKind.String,
    };

    public string Text(int field) => values[field] ?? string.Empty;

    public ReadOnlyMemory<byte> Json(int field) => ReadOnlyMemory<byte>.Empty;
}
