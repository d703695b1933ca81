namespace Facet.Simulation.Tests.Generation;

/// <summary>A clock stopped at one instant, so the parser's "not in the future" check does not depend on today.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
