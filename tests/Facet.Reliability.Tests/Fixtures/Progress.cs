using System.Diagnostics;
using Facet.Testing;

namespace Facet.Reliability.Tests.Fixtures;

/// <summary>
/// Waits for a counter to reach a target while it keeps moving: the machine these tests share can be slow, so the
/// timeout is on a stall (no change for <c>stall</c>), not on the whole wait, and the running process's output goes into
/// the failure message.
/// </summary>
public static class Progress
{
    public static async Task<long> UntilAsync(Func<Task<long>> probe, Func<long, bool> done, TimeSpan stall, string what, FacetProcess? process = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);
        var last = long.MinValue;
        var sinceChange = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (value != last)
            {
                last = value;
                sinceChange.Restart();
            }
            else if (sinceChange.Elapsed > stall)
            {
                throw new TimeoutException($"No progress for {stall.TotalSeconds:0} s waiting for {what}; stuck at {value}." + Describe(process));
            }

            if (process is { HasExited: true })
            {
                throw new InvalidOperationException($"facet exited while waiting for {what} (at {value})." + Describe(process));
            }

            await Task.Delay(100);
        }
    }

    private static string Describe(FacetProcess? process) =>
        process is null ? "" : $"\nstderr (tail):\n{Tail(process.StandardError)}\nstdout (tail):\n{Tail(process.StandardOutput)}";

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
}
