namespace Facet.Core.Commerce.Csv;

/// <summary>A CSV file that cannot be read at all: its header names no known file kind, or lacks a required column.</summary>
public sealed class CommerceCsvException : Exception
{
    public CommerceCsvException()
    {
    }

    public CommerceCsvException(string message)
        : base(message)
    {
    }

    public CommerceCsvException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
