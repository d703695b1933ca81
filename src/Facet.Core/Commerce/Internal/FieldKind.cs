namespace Facet.Core.Commerce.Internal;

/// <summary>What a source holds for one field: absent, null/empty, a scalar of a JSON type, or nested JSON.</summary>
internal enum FieldKind : byte
{
    Missing,
    Null,
    String,
    Number,
    True,
    False,
    Object,
    Array,
}
