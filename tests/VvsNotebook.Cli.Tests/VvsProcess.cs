using System.Diagnostics;

namespace VvsNotebook.Cli.Tests;

/// <summary>
/// The real <c>vvs</c> (the vvs.dll built beside the test assembly) run as a child process, as a user runs it. Shared
/// with the training tests, which kill a <c>vvs train</c> mid-run.
/// </summary>
public static class VvsProcess
{
    /// <summary>Starts <c>vvs</c>; its output is drained in the background so the child never blocks on a full pipe.</summary>
    public static Process Start(IEnumerable<string> args)
    {
        var process = Process.Start(StartInfo(args))!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs <c>vvs</c> to the end; returns its exit code, stdout and stderr.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = StartInfo(args);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            if (value is null) info.Environment.Remove(name); else info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }

    private static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vvs.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        return info;
    }
}
