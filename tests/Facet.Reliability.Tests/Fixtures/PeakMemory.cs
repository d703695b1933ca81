using System.Globalization;

namespace Facet.Reliability.Tests.Fixtures;

/// <summary>
/// Samples a child process's peak resident set size (VmHWM in /proc/PID/status, which the kernel keeps as a running
/// maximum) until the process exits, so a test can assert memory stayed bounded.
/// </summary>
public sealed class PeakMemory : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peakBytes;

    private PeakMemory(int pid) => _sampling = Task.Run(() => SampleAsync(pid));

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

    private async Task SampleAsync(int pid)
    {
        while (!_stop.IsCancellationRequested)
        {
            if (ReadVmHwm(pid) is not { } value)
            {
                return;
            }

            if (value > Interlocked.Read(ref _peakBytes))
            {
                Interlocked.Exchange(ref _peakBytes, value);
            }

            try
            {
                await Task.Delay(20, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}
