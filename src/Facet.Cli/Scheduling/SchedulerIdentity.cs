using System.Diagnostics;
using System.Globalization;

namespace Facet.Cli.Scheduling;

/// <summary>
/// Names a scheduler in lease rows as host/pid/nonce, so that a scheduler on the same host can tell a holder that
/// was killed (its process is gone) and take its lease at once instead of waiting for the lease to expire.
/// </summary>
internal static class SchedulerIdentity
{
    public static string NewOwner() =>
        $"{Environment.MachineName}/{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>True only when the holder ran on this host and its process no longer exists.</summary>
    public static bool IsGone(string owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var parts = owner.Split('/');
        if (parts.Length != 3 || parts[0] != Environment.MachineName || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        if (pid == Environment.ProcessId)
        {
            return false; // another scheduler in this very process: alive
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
