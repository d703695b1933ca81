namespace Facet.Testing;

/// <summary>One request an <see cref="OtlpTestReceiver"/> received.</summary>
public sealed record OtlpRequest(string Method, string Path, string? ContentType, byte[] Body);
