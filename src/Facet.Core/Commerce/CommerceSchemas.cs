namespace Facet.Core.Commerce;

/// <summary>
/// The Avro record schema (<c>.avsc</c>, embedded from <c>src/Facet.Core/Commerce/Schemas/</c>) of each commerce
/// topic: Shape B's field names for its four files, Facet's canonical names otherwise.
/// </summary>
public static class CommerceSchemas
{
    /// <summary>The schema text of a topic in <see cref="CommerceTopics.All"/>.</summary>
    public static string Read(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        using var stream = typeof(CommerceSchemas).Assembly.GetManifestResourceStream($"Facet.Core.Commerce.Schemas.{topic}.avsc")
            ?? throw new ArgumentException($"no Avro schema for topic '{topic}'; topics: {string.Join(", ", CommerceTopics.All)}", nameof(topic));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
