namespace Facet.Streaming.Processing;

/// <summary>A checkpoint points at offsets the broker no longer has, and the policy is to fail (<c>--on-data-loss fail</c>).</summary>
public sealed class DataLossException(string message) : Exception(message);
