namespace Facet.Dashboard.Tests;

/// <summary>The system clock shifted by a fixed offset: time still passes, from another starting point.</summary>
internal sealed class OffsetTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
}
