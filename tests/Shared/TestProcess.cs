using System.Diagnostics;

namespace VvsNotebook.Tests.Shared;

/// <summary>A finished process: exit code, stdout and stderr together, and stdout alone.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Stdout);

/// <summary>The end-to-end tests' way to run a tool (jupyter, the hosts, Python) and keep what it printed.</summary>
public static class TestProcess
{
    /// <summary>
    /// Runs <paramref name="start"/> (its output is redirected here) and waits up to <paramref name="timeout"/>; a
    /// process still running then is killed with its children and reported with exit code -1.
    /// </summary>
    public static ProcessResult Run(ProcessStartInfo start, TimeSpan timeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new ProcessResult(-1, $"timed out after {timeout}\n{stdout.Result}\n{stderr.Result}", stdout.Result);
        }
        return new ProcessResult(process.ExitCode, stdout.Result + "\n" + stderr.Result, stdout.Result);
    }

    /// <summary>The checkout this test build came from: the first folder above the test output that holds VvsNotebook.slnx.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "VvsNotebook.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("VvsNotebook.slnx not found above the test output folder.");
    }
}
