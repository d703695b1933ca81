namespace Facet.Core.Tests.Parsing;

/// <summary>A clock stopped at one instant, so "now" checks are deterministic.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
