using System.Diagnostics;
using System.Globalization;
using System.Text;
using Facet.Testing;

namespace Facet.Reliability.Tests;

/// <summary>
/// The closing step of ./test.sh (build/test-summary.sh), run on `dotnet test` logs written here: the exit code and the
/// failure block are what CI and a person at a terminal judge a run by (issue 23).
/// </summary>
public sealed class TestScriptTests
{
    private const string PassedAssembly = "Passed!  - Failed:     0, Passed:     3, Skipped:     0, Total:     3, Duration: 1 s - Facet.A.Tests.dll (net10.0)";

    [Fact]
    public async Task A_failure_with_a_long_message_exits_1_and_prints_its_first_400_lines_then_the_FAILED_line()
    {
        // 5,000 stack lines: far more than a pipe holds, so a `| head` would close early and kill the writer (exit 141).
        var log = new StringBuilder()
            .AppendLine(PassedAssembly)
            .AppendLine("  Failed Facet.B.Tests.Something_broke [2 s]")
            .AppendLine("  Error Message:")
            .AppendLine("   Assert.Equal() Failure");
        for (var i = 0; i < 5000; i++)
        {
            log.Append(CultureInfo.InvariantCulture, $"     at Facet.B.Frame{i}() in /src/Facet.B/File.cs:line {i}").AppendLine(new string('.', 60));
        }

        log.AppendLine("Failed!  - Failed:     1, Passed:     2, Skipped:     0, Total:     3, Duration: 2 s - Facet.B.Tests.dll (net10.0)");

        var (code, output, error) = await RunSummaryAsync(log.ToString(), dotnetTestExitCode: 1);

        Assert.Equal(1, code);
        Assert.Equal("tests: 5 passed, 1 failed, 0 skipped", output.Trim());
        var lines = error.TrimEnd('\n').Split('\n');
        Assert.Equal(401, lines.Length);
        Assert.Equal("  Failed Facet.B.Tests.Something_broke [2 s]", lines[0]);
        Assert.StartsWith("     at Facet.B.Frame396()", lines[399], StringComparison.Ordinal);
        Assert.StartsWith("[test.sh] FAILED (dotnet test exit code 1; full log: ", lines[400], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_where_every_test_passed_exits_0_with_the_totals_and_nothing_on_stderr()
    {
        var (code, output, error) = await RunSummaryAsync(PassedAssembly + "\n" + PassedAssembly.Replace("Facet.A", "Facet.C", StringComparison.Ordinal) + "\n", dotnetTestExitCode: 0);

        Assert.Equal(0, code);
        Assert.Equal("tests: 6 passed, 0 failed, 0 skipped", output.Trim());
        Assert.Equal("", error);
    }

    [Theory]
    [InlineData(PassedAssembly, 1)] // dotnet test failed (a crashed test host) although no test reported a failure
    [InlineData("Build started…", 0)] // no test ran at all (a filter that matched nothing)
    public async Task A_run_that_did_not_prove_anything_exits_1(string log, int dotnetTestExitCode)
    {
        var (code, _, error) = await RunSummaryAsync(log + "\n", dotnetTestExitCode);

        Assert.Equal(1, code);
        Assert.Contains($"[test.sh] FAILED (dotnet test exit code {dotnetTestExitCode}", error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunSummaryAsync(string log, int dotnetTestExitCode)
    {
        using var directory = new TempDirectory();
        var path = directory.File("dotnet-test.log");
        await File.WriteAllTextAsync(path, log);

        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(RepositoryRoot(), "build", "test-summary.sh"));
        info.ArgumentList.Add(path);
        info.ArgumentList.Add(dotnetTestExitCode.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "build", "test-summary.sh")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"build/test-summary.sh not found above {AppContext.BaseDirectory}.");
    }
}
