using System.Globalization;
using System.Text;

namespace Facet.Storage.Internal;

/// <summary>
/// Wall time of the batch writes by <see cref="WriteStep"/>, summed over a warehouse's life and logged at Debug when it
/// is disposed (issue 22). A backend's statement times say what the database spent; this says what the writer waited
/// for in each step, the database's time and the C# between its statements (and any GC pause that stopped it) together,
/// so the gap between the two is where the write lane stalls. Writes are serialized by the warehouse's gate: one
/// clock runs at a time, so it needs no locking.
/// </summary>
internal sealed class WriteStepClock(TimeProvider time)
{
    private static readonly WriteStep[] Steps = Enum.GetValues<WriteStep>();

    // Slot 0: from the batch's start to its first step (the gate, the schema check, partitions ahead, BEGIN); slot
    // 1 + (int)step: from entering that step to entering the next one, or to the batch's end.
    private readonly long[] _ticks = new long[Steps.Length + 1];

    // The part of each slot's wall time the process spent paused for garbage collection (any thread's allocation can
    // start a blocking collection that stops the writer wherever it is).
    private readonly TimeSpan[] _paused = new TimeSpan[Steps.Length + 1];
    private int _slot = -1;
    private long _since;
    private TimeSpan _pausedSince;

    /// <summary>Batches started.</summary>
    public int Batches { get; private set; }

    /// <summary>Starts timing a batch write (the slot before its first step).</summary>
    public void Start()
    {
        Batches++;
        _slot = 0;
        _since = time.GetTimestamp();
        _pausedSince = GC.GetTotalPauseDuration();
    }

    /// <summary>Charges the time since the last mark to the current slot and enters <paramref name="step"/>.</summary>
    public void Enter(WriteStep step)
    {
        if (_slot >= 0)
        {
            Mark(1 + (int)step);
        }
    }

    /// <summary>Charges the time since the last mark to the current slot and stops until the next <see cref="Start"/>.</summary>
    public void Stop()
    {
        if (_slot >= 0)
        {
            Mark(-1);
        }
    }

    /// <summary>The wall time charged to <paramref name="step"/> so far.</summary>
    public TimeSpan Of(WriteStep step) => time.GetElapsedTime(0, _ticks[1 + (int)step]);

    /// <summary>The part of <see cref="Of"/> the process spent paused in garbage collection.</summary>
    public TimeSpan PausedIn(WriteStep step) => _paused[1 + (int)step];

    /// <summary>The wall time before the first step of each batch so far.</summary>
    public TimeSpan BeforeSteps => time.GetElapsedTime(0, _ticks[0]);

    /// <summary>
    /// "begin 0.41 s, dimensions 9.53 s (GC 4.10), facts 15.31 s (GC 0.20), …": each step's wall time and the GC pauses
    /// within it; steps that took no time are left out, and so is a zero GC share. Empty when no batch ran.
    /// </summary>
    public string Describe()
    {
        var text = new StringBuilder();
        Append(text, "begin", BeforeSteps, _paused[0]);
        foreach (var step in Steps)
        {
            Append(text, step.ToString().ToLowerInvariant(), Of(step), PausedIn(step));
        }

        return text.ToString();
    }

    /// <summary>The wall time of all batch writes so far.</summary>
    public TimeSpan Total => time.GetElapsedTime(0, _ticks.Sum());

    private void Mark(int next)
    {
        var now = time.GetTimestamp();
        var paused = GC.GetTotalPauseDuration();
        _ticks[_slot] += now - _since;
        _paused[_slot] += paused - _pausedSince;
        _since = now;
        _pausedSince = paused;
        _slot = next;
    }

    private static void Append(StringBuilder text, string name, TimeSpan time, TimeSpan paused)
    {
        if (time <= TimeSpan.Zero)
        {
            return;
        }

        if (text.Length > 0)
        {
            text.Append(", ");
        }

        text.Append(name).Append(' ').Append(Seconds(time)).Append(" s");
        if (paused > TimeSpan.Zero)
        {
            text.Append(" (GC ").Append(Seconds(paused)).Append(')');
        }
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
}
