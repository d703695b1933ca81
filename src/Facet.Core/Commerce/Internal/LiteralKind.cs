namespace Facet.Core.Commerce.Internal;

internal enum LiteralKind : byte
{
    None,
    Bool,
    Int,
    Float,
    String,
    List,
    Dict,
}
