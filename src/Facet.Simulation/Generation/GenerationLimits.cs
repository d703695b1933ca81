namespace Facet.Simulation.Generation;

/// <summary>When a generator run stops and how fast it goes. All null: until cancelled, as fast as possible.</summary>
public sealed record GenerationLimits(long? Count = null, TimeSpan? Duration = null, double? RatePerSecond = null);
