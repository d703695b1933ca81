namespace Facet.Simulation.Generation;

/// <summary>
/// What <see cref="EventGenerator"/> produces. Everything is fixed by these values: the same options give
/// byte-identical output (no wall clock; <see cref="Start"/> is the first event's time).
/// </summary>
public sealed record GeneratorOptions
{
    /// <summary>Seed of every random choice.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Event time of the first event (simulated time then advances with <see cref="EventsPerSecond"/>).</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>Events per second of simulated time, averaged over a day (the day-night curve shapes it per hour).</summary>
    public double EventsPerSecond { get; init; } = 20;

    /// <summary>Fraction of messages that re-send an earlier valid event byte for byte (same id).</summary>
    public double Duplicates { get; init; }

    /// <summary>Fraction of messages that are malformed (each with a known rejection code).</summary>
    public double Malformed { get; init; }

    /// <summary>Fraction of valid events that arrive hours late (event time 1–6 h before the current simulated time).</summary>
    public double Late { get; init; }

    /// <summary>Fraction of valid events sent by crawlers (real crawler user agents).</summary>
    public double Bots { get; init; } = 0.03;

    /// <summary>Fraction of shopper sessions whose IP is in another country than their store's.</summary>
    public double Abroad { get; init; } = 0.08;

    /// <summary>
    /// Seed of the product catalog; null: <see cref="Seed"/>. Runs with different seeds but one catalog seed (each
    /// <c>facet demo</c> run, its backfill and its live stream) send distinct event ids about the same products.
    /// </summary>
    public long? CatalogSeed { get; init; }

    /// <summary>Number of products in the catalog.</summary>
    public int Products { get; init; } = 5_000;

    /// <summary>Keep every valid id for the truth file (memory grows with the count).</summary>
    public bool TrackIds { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value out of range.</summary>
    public void Validate()
    {
        CheckFraction(Duplicates, "duplicates");
        CheckFraction(Malformed, "malformed");
        CheckFraction(Late, "late");
        CheckFraction(Bots, "bots");
        CheckFraction(Abroad, "abroad");
        if (Duplicates + Malformed > 0.9)
        {
            throw new ArgumentException($"duplicates + malformed must leave room for valid events (got {Duplicates} + {Malformed}).");
        }

        if (!(EventsPerSecond > 0) || double.IsInfinity(EventsPerSecond))
        {
            throw new ArgumentException($"events per simulated second must be a positive number (got {EventsPerSecond}).");
        }

        if (Products is < 10 or > 1_000_000)
        {
            throw new ArgumentException($"products must be between 10 and 1000000 (got {Products}).");
        }

        if (Start.Year is < 2000 or > 9000)
        {
            throw new ArgumentException($"start must be between the years 2000 and 9000 (got {Start:O}).");
        }
    }

    private static void CheckFraction(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentException($"{name} must be a fraction between 0 and 1 (got {value}).");
        }
    }
}
