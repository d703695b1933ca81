namespace Facet.Core.Commerce;

/// <summary>One event of a shopping session (topic <c>click_stream</c>, Shape B's click_stream file).</summary>
public sealed record ClickEvent
{
    public required string EventId { get; init; }

    public required string SessionId { get; init; }

    public required ClickEventName EventName { get; init; }

    public required DateTimeOffset EventTime { get; init; }

    /// <summary>Where the session came from (Shape B: WEB, MOBILE), upper case as written.</summary>
    public string? TrafficSource { get; init; }

    /// <summary>The customer of the session when the producer knows it (Facet's form only).</summary>
    public string? CustomerId { get; init; }

    public ClickEventMetadata? Metadata { get; init; }
}
