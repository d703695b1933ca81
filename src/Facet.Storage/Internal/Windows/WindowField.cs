namespace Facet.Storage.Internal.Windows;

/// <summary>A field of a window source: its name in definitions, what it holds, and how to read it from a source row.</summary>
internal sealed record WindowField(string Name, WindowFieldKind Kind, Func<object, WindowValue> Read)
{
    /// <summary>A number field that only holds whole numbers (quantities, stock): its sums are output as integers.</summary>
    public bool IsInteger { get; init; }
}
