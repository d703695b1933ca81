namespace Facet.Simulation.Generation;

/// <summary>Messages generated so far, by kind (the summary <c>facet generate</c> prints).</summary>
public sealed record GenerationCounts(long Messages, long Valid, long Late, long Bots, long Duplicates, long Malformed)
{
    /// <summary>Distinct valid events (on time and late).</summary>
    public long DistinctValid => Valid + Late;
}
