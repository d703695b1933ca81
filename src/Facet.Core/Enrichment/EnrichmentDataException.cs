namespace Facet.Core.Enrichment;

/// <summary>Enrichment data is missing or unreadable. The message is one line that names the fix.</summary>
public sealed class EnrichmentDataException : Exception
{
    public EnrichmentDataException(string message)
        : base(message)
    {
    }

    public EnrichmentDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EnrichmentDataException()
    {
    }
}
