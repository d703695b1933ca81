using System.Diagnostics;
using System.Text;

namespace Facet.Testing;

/// <summary>
/// Runs the real <c>facet</c> CLI (facet.dll next to the test assembly) as a child process, capturing its output
/// line by line, so tests can wait for what it prints, signal it and check its exit code.
/// </summary>
public sealed class FacetProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Done)> _waiters = [];

    private FacetProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string StandardOutput { get { lock (_gate) { return _stdout.ToString(); } } }

    public string StandardError { get { lock (_gate) { return _stderr.ToString(); } } }

    /// <summary>Path of facet.dll as built next to the calling test assembly.</summary>
    public static string FacetDll => Path.Combine(AppContext.BaseDirectory, "facet.dll");

    /// <summary>
    /// How a background job of a non-interactive shell (<c>nohup ./test.sh &gt; log &amp;</c>, CI runners, schedulers)
    /// leaves its children: SIGINT and SIGQUIT ignored. Pass it to <see cref="Start"/> to run facet as if the test host
    /// had been launched that way, whatever way it really was.
    /// </summary>
    public static IReadOnlyList<string> BackgroundJobShell { get; } = ["sh", "-c", "trap '' INT QUIT; exec \"$@\"", "sh"];

    /// <summary>
    /// Starts facet with the signal dispositions the tests expect (SIGINT and SIGQUIT at their defaults, issue 23), not
    /// the ones the test host inherited: a process that starts with SIGINT ignored keeps it ignored under .NET, so a test
    /// that interrupts facet would time out when the suite runs as a background job. <c>env --default-signal</c>
    /// (coreutils 8.31+) resets them and then execs, so facet keeps the process id the test signals. Neither a shell's
    /// <c>trap - INT</c> (a non-interactive shell cannot undo an inherited ignore) nor <c>setsid</c> does that.
    /// <paramref name="launchedThrough"/> is a command that execs its arguments (e.g. <see cref="BackgroundJobShell"/>).
    /// </summary>
    public static FacetProcess Start(IEnumerable<string> arguments, IDictionary<string, string?>? environment = null, string? workingDirectory = null, IReadOnlyList<string>? launchedThrough = null)
    {
        List<string> command = [.. launchedThrough ?? [], "env", "--default-signal=INT,QUIT", "dotnet", FacetDll, .. arguments];
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var facet = new FacetProcess(process);
        process.OutputDataReceived += (_, e) => facet.OnLine(e.Data, facet._stdout);
        process.ErrorDataReceived += (_, e) => facet.OnLine(e.Data, facet._stderr);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return facet;
    }

    /// <summary>Runs facet to completion and returns (exit code, stdout, stderr).</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(IEnumerable<string> arguments, TimeSpan timeout, IDictionary<string, string?>? environment = null, string? standardInput = null)
    {
        await using var facet = Start(arguments, environment);
        if (standardInput is not null)
        {
            await facet._process.StandardInput.WriteAsync(standardInput);
        }

        facet._process.StandardInput.Close();
        var code = await facet.WaitForExitAsync(timeout);
        return (code, facet.StandardOutput, facet.StandardError);
    }

    /// <summary>Waits until a line on stdout or stderr matches, and returns it.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            foreach (var line in (_stdout.ToString() + _stderr).Split('\n'))
            {
                if (match(line.TrimEnd('\r')))
                {
                    return Task.FromResult(line.TrimEnd('\r'));
                }
            }

            _waiters.Add((match, done));
        }

        return done.Task.WaitAsync(timeout).ContinueWith(
            t => t.IsFaulted && t.Exception!.InnerException is TimeoutException
                ? throw new TimeoutException($"facet did not print the expected line within {timeout.TotalSeconds:0} s.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}")
                : t.Result,
            TaskScheduler.Default);
    }

    /// <summary>Sends a POSIX signal (SIGTERM = 15, SIGINT = 2, SIGKILL = 9).</summary>
    public void Signal(int signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"facet did not exit within {timeout.TotalSeconds:0} s.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
        }

        return _process.ExitCode;
    }

    private void OnLine(string? line, StringBuilder sink)
    {
        if (line is null)
        {
            return;
        }

        List<TaskCompletionSource<string>> matched = [];
        lock (_gate)
        {
            sink.Append(line).Append('\n');
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line))
                {
                    matched.Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var done in matched)
        {
            done.TrySetResult(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
