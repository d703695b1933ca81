using System.Diagnostics;
using System.Globalization;

namespace Facet.Cli.Scheduling;

/// <summary>
/// Runs each try as a child process: <c>facet KIND OPTIONS…</c> for Facet's commands, <c>/bin/sh -c</c> for shell.
/// A child rather than an in-process call because a timeout must be able to stop anything (a process tree can be
/// killed; a hung call in our own process cannot), a crash or a leak in a task cannot take the scheduler down, and on
/// DuckDB the task opens the warehouse file by itself while the scheduler has it closed.
/// </summary>
internal sealed class ProcessTaskRunner(TimeProvider time) : ITaskRunner
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    public async Task<TaskOutcome> RunAsync(TaskInvocation invocation, CancellationToken shutdown)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var info = StartInfo(invocation);
        var tail = new LogTail();
        using var process = new Process { StartInfo = info };
        process.ErrorDataReceived += (_, e) => tail.Add(e.Data);
        Stream? output = null;
        if (invocation.OutputPath is { } outputPath)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
            output = File.Create(outputPath);
        }
        else
        {
            process.OutputDataReceived += (_, e) => tail.Add(e.Data);
        }

        try
        {
            try
            {
                process.Start();
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                return new TaskOutcome(127, false, false, $"could not start {info.FileName}: {ex.Message}\n");
            }

            process.BeginErrorReadLine();
            var copy = output is null ? Task.CompletedTask : process.StandardOutput.BaseStream.CopyToAsync(output, CancellationToken.None);
            if (output is null)
            {
                process.BeginOutputReadLine();
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
            var exited = process.WaitForExitAsync(CancellationToken.None);
            var timeout = Task.Delay(invocation.Timeout, time, stop.Token);
            var first = await Task.WhenAny(exited, timeout);
            if (first == exited)
            {
                await stop.CancelAsync();
                await copy; // WaitForExitAsync has already seen the end of the redirected output
                return new TaskOutcome(process.ExitCode, false, false, tail.ToString());
            }

            if (shutdown.IsCancellationRequested)
            {
                // Ask first: Facet's commands finish their current unit of work on SIGTERM.
                Signal(process.Id, "TERM");
                await Task.WhenAny(exited, Task.Delay(StopGrace, time, CancellationToken.None));
                Kill(process);
                await exited;
                await copy;
                tail.Add("(stopped: the scheduler is shutting down; the task runs again when a scheduler starts)");
                return new TaskOutcome(null, false, true, tail.ToString());
            }

            Kill(process);
            await exited;
            await copy;
            tail.Add($"(killed after the timeout of {invocation.Timeout})");
            return new TaskOutcome(null, true, false, tail.ToString());
        }
        finally
        {
            if (output is not null)
            {
                await output.DisposeAsync();
            }
        }
    }

    private static ProcessStartInfo StartInfo(TaskInvocation invocation)
    {
        ProcessStartInfo info;
        if (invocation.Task.IsShell)
        {
            info = new ProcessStartInfo("/bin/sh");
            info.ArgumentList.Add("-c");
        }
        else if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) is "facet" && Environment.ProcessPath is { } facet)
        {
            info = new ProcessStartInfo(facet);
        }
        else
        {
            // Started as `dotnet facet.dll` (or from a test host): the child runs the same facet.dll.
            info = new ProcessStartInfo(Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet");
            info.ArgumentList.Add(typeof(ProcessTaskRunner).Assembly.Location);
        }

        foreach (var argument in invocation.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = false;
        info.WorkingDirectory = invocation.WorkingDirectory;
        foreach (var (key, value) in invocation.Environment)
        {
            info.Environment[key] = value;
        }

        return info;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        kill?.WaitForExit();
    }
}
