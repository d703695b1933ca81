namespace Facet.Simulation.Generation;

/// <summary>A malformed message: its 1-based sequence number in the run (the line number in a file) and its expected code.</summary>
public sealed record RejectedMessage(long Sequence, string Code);
