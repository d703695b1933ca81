namespace Facet.Simulation.Generation;

/// <summary>How a store writes prices (the <c>price</c> field is a locale-formatted string).</summary>
public enum PriceStyle
{
    /// <summary>"1316.00"</summary>
    Dot,

    /// <summary>"1316,00"</summary>
    Comma,

    /// <summary>"22 688,00": a space between thousands, a decimal comma.</summary>
    SpaceComma,
}
