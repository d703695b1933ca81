using System.Text;

namespace Facet.Cli.Scheduling;

/// <summary>The last lines a task printed (stdout and stderr interleaved), bounded, for the task history.</summary>
internal sealed class LogTail(int maxLines = 40, int maxLineLength = 400)
{
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();

    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Enqueue(line.Length > maxLineLength ? line[..maxLineLength] + "…" : line);
            while (_lines.Count > maxLines)
            {
                _lines.Dequeue();
            }
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            var text = new StringBuilder();
            foreach (var line in _lines)
            {
                text.Append(line).Append('\n');
            }

            return text.ToString();
        }
    }
}
