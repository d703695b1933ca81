namespace Facet.Streaming.Generation.Commerce;

/// <summary>The commerce world's size, clock and injected faults. The same options give byte-identical output.</summary>
public sealed class CommerceGeneratorOptions
{
    public long Seed { get; init; } = 1;

    /// <summary>Event time of the first session; customers and products are stamped with it.</summary>
    public DateTimeOffset Start { get; init; } = new(2024, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public int Customers { get; init; } = 2_000;

    public int Products { get; init; } = 500;

    /// <summary>Shopping sessions per hour of simulated time, averaged over a day (the diurnal curve shapes it).</summary>
    public double SessionsPerHour { get; init; } = 3_600;

    /// <summary>Fraction of messages sent twice (an exact copy right after).</summary>
    public double Duplicates { get; init; }

    /// <summary>Fraction of messages made invalid (each with the reason code a decoder gives it).</summary>
    public double Malformed { get; init; }

    /// <summary>Fraction of activity events whose event time lies 1–6 hours before the session's.</summary>
    public double Late { get; init; }

    /// <summary>ISO 4217 code of every amount (Shape B's shop sells in rupiah).</summary>
    public string Currency { get; init; } = "IDR";

    /// <summary>Throws <see cref="ArgumentException"/> naming the flag (without dashes) and its value.</summary>
    public void Validate()
    {
        Fraction(Duplicates, "duplicates");
        Fraction(Malformed, "malformed");
        Fraction(Late, "late");
        if (Customers < 1 || Products < 1)
        {
            throw new ArgumentException($"customers and products must be at least 1 (got {Customers} and {Products})");
        }

        if (!(SessionsPerHour > 0))
        {
            throw new ArgumentException($"sessions per hour must be positive (got {SessionsPerHour})");
        }
    }

    private static void Fraction(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentException($"{name} must be a fraction from 0 to 1 (got {value})");
        }
    }
}
