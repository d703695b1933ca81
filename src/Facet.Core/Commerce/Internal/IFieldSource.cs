namespace Facet.Core.Commerce.Internal;

/// <summary>
/// One message's fields by index in a <see cref="FieldTable"/>: a JSON object or a CSV row. Entity builders read
/// through <see cref="RecordReader{TSource}"/>, so JSON and CSV share one set of rules.
/// </summary>
internal interface IFieldSource
{
    FieldKind Kind(int field);

    /// <summary>The text of a String, Number, True or False field (JSON strings unescaped; numbers as written).</summary>
    string Text(int field);

    /// <summary>The raw JSON of an Object or Array field.</summary>
    ReadOnlyMemory<byte> Json(int field);
}
