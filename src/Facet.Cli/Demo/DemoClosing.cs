using System.Diagnostics;
using System.Globalization;

namespace Facet.Cli.Demo;

/// <summary>
/// The demo's parts, closed in the reverse order of their opening with each close timed, so a slow exit says which
/// part it was (DuckDB writes its log into the file as it closes; Kafka's mock cluster joins its broker threads).
/// </summary>
internal sealed class DemoClosing : IAsyncDisposable
{
    private readonly Stack<(string Name, object Part)> _parts = new();
    private readonly List<string> _laps = [];

    /// <summary>The closes that took measurable time, e.g. "warehouse 1.4 s, Kafka 0.2 s" (set once disposed).</summary>
    public string Laps => _laps.Count == 0 ? "each under 0.05 s" : string.Join(", ", _laps);

    public TimeSpan Elapsed { get; private set; }

    /// <summary>Takes <paramref name="part"/> (an <see cref="IAsyncDisposable"/> or <see cref="IDisposable"/>) to close later.</summary>
    public T Add<T>(string name, T part)
        where T : class
    {
        if (part is not (IAsyncDisposable or IDisposable))
        {
            throw new ArgumentException($"{name} has nothing to close", nameof(part));
        }

        _parts.Push((name, part));
        return part;
    }

    public async ValueTask DisposeAsync()
    {
        var total = Stopwatch.StartNew();
        List<Exception>? failures = null;
        while (_parts.TryPop(out var entry))
        {
            var lap = Stopwatch.StartNew();
            try
            {
                if (entry.Part is IAsyncDisposable async)
                {
                    await async.DisposeAsync();
                }
                else
                {
                    ((IDisposable)entry.Part).Dispose();
                }
            }
            catch (Exception ex)
            {
                (failures ??= []).Add(ex);
            }

            if (lap.Elapsed >= TimeSpan.FromMilliseconds(50))
            {
                _laps.Add(string.Create(CultureInfo.InvariantCulture, $"{entry.Name} {lap.Elapsed.TotalSeconds:0.0} s"));
            }
        }

        Elapsed = total.Elapsed;
        if (failures is not null)
        {
            throw failures.Count == 1 ? failures[0] : new AggregateException(failures);
        }
    }
}
