namespace Facet.Core.Commerce;

/// <summary>A line the shop's systems logged (topic <c>system_logs</c>).</summary>
public sealed record SystemLogEntry
{
    public required string LogId { get; init; }

    public required DateTimeOffset LoggedAt { get; init; }

    public required SystemLogLevel Level { get; init; }

    public required string Message { get; init; }

    /// <summary>The service that logged it (Facet's form only).</summary>
    public string? Service { get; init; }
}
