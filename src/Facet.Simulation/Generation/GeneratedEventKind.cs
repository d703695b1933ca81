namespace Facet.Simulation.Generation;

/// <summary>What a generated message is, as the truth file counts it.</summary>
public enum GeneratedEventKind
{
    /// <summary>A valid event sent for the first time, on time.</summary>
    Valid,

    /// <summary>A valid event sent for the first time whose event time is hours before the current simulated time.</summary>
    Late,

    /// <summary>A byte-identical re-send of an earlier valid event (same id).</summary>
    Duplicate,

    /// <summary>A message Facet must reject, with the reason code in <see cref="GeneratedEvent.RejectionCode"/>.</summary>
    Malformed,
}
