namespace Facet.Core.Streams;

/// <summary>The names of the streams Facet ships; a stream's name selects it (<c>--streams</c>) and its warehouse writer.</summary>
public static class StreamNames
{
    /// <summary>Glamira-style shopper events (topic <c>product_view</c> by default).</summary>
    public const string Clickstream = "clickstream";
}
