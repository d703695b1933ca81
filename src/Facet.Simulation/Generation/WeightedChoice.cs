namespace Facet.Simulation.Generation;

/// <summary>Picks an index with probability proportional to its weight: cumulative table + binary search.</summary>
internal sealed class WeightedChoice
{
    private readonly double[] _cumulative;

    public WeightedChoice(ReadOnlySpan<double> weights)
    {
        if (weights.Length == 0)
        {
            throw new ArgumentException("At least one weight is needed.", nameof(weights));
        }

        _cumulative = new double[weights.Length];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(weights), "Weights cannot be negative.");
            }

            sum += weights[i];
            _cumulative[i] = sum;
        }

        if (sum <= 0)
        {
            throw new ArgumentException("The weights sum to zero.", nameof(weights));
        }

        for (var i = 0; i < _cumulative.Length; i++)
        {
            _cumulative[i] /= sum;
        }

        _cumulative[^1] = 1.0;
    }

    public int Count => _cumulative.Length;

    /// <summary>The probability of index <paramref name="index"/>.</summary>
    public double Probability(int index) => _cumulative[index] - (index == 0 ? 0 : _cumulative[index - 1]);

    public int Next(GeneratorRandom random)
    {
        var u = random.NextDouble();
        var index = Array.BinarySearch(_cumulative, u);
        index = index < 0 ? ~index : index + 1;
        return Math.Min(index, _cumulative.Length - 1);
    }
}
