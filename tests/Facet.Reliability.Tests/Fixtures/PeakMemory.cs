using System.Globalization;

namespace Facet.Reliability.Tests.Fixtures;

/// <summary>
/// Samples a child process's peak resident set size (VmHWM in /proc/PID/status, which the kernel keeps as a running
/// maximum) until the process exits, so a test can assert memory stayed bounded.
/// </summary>
/// <remarks>
/// The first sample is read by <see cref="Watch"/> itself and the rest on a thread of their own: a short-lived child
/// (a <c>facet validate</c> of a few hundred lines) could exit before a sampling task queued on a busy thread pool first
/// ran, leaving the peak at 0 (seen once in a full run).
/// </remarks>
public sealed class PeakMemory : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _sampling;
    private long _peakBytes;

    private PeakMemory(int pid)
    {
        Record(ReadVmHwm(pid));
        _sampling = new Thread(() => Sample(pid)) { IsBackground = true, Name = "peak-memory" };
        _sampling.Start();
    }

    /// <summary>The highest VmHWM read so far, in bytes.</summary>
    public long PeakBytes => Interlocked.Read(ref _peakBytes);

    public static PeakMemory Watch(int pid) => new(pid);

    /// <summary>VmHWM of a live process in bytes, or null once it has exited.</summary>
    public static long? ReadVmHwm(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    private void Sample(int pid)
    {
        while (!_stop.IsCancellationRequested && ReadVmHwm(pid) is { } value)
        {
            Record(value);
            _stop.Token.WaitHandle.WaitOne(20);
        }
    }

    private void Record(long? value)
    {
        if (value is { } bytes && bytes > Interlocked.Read(ref _peakBytes))
        {
            Interlocked.Exchange(ref _peakBytes, bytes);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _sampling.Join();
        _stop.Dispose();
    }
}
