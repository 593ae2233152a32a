using System.Diagnostics;

namespace VvsNotebook.Tests.Fitting;

/// <summary>
/// Runs Debian's Python (/usr/bin/python3, which has numpy and scipy from environment/apt-packages.txt) as an
/// independent reference. The pyenv python3 on PATH lacks those packages, hence the absolute path.
/// </summary>
internal static class PythonReference
{
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>Why the reference cannot run, or null when numpy and scipy are importable.</summary>
    public static string? Unavailable { get; } = Probe();

    private static string? Probe()
    {
        if (!File.Exists(Interpreter)) return $"{Interpreter} is missing (install python3-numpy and python3-scipy, see environment/apt-packages.txt)";
        try
        {
            Run("import numpy, scipy.optimize");
            return null;
        }
        catch (InvalidOperationException e) { return $"{Interpreter} cannot import numpy/scipy: {e.Message}"; }
    }

    /// <summary>Runs <paramref name="script"/> and returns its stdout; throws with stderr on failure.</summary>
    public static string Run(string script, TimeSpan? timeout = null) => Execute("-", script, timeout);

    /// <summary>Runs a script file with <paramref name="stdin"/> as its input.</summary>
    public static string RunFile(string path, string stdin, TimeSpan? timeout = null) => Execute(path, stdin, timeout);

    private static string Execute(string argument, string stdin, TimeSpan? timeout)
    {
        var psi = new ProcessStartInfo(Interpreter) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(argument);
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(2))) { p.Kill(); throw new TimeoutException("python reference timed out"); }
        if (p.ExitCode != 0) throw new InvalidOperationException(stderr.Result.Trim());
        return stdout.Result;
    }
}

/// <summary>A fact that needs the Python reference; skipped, with the reason, only when numpy/scipy cannot be imported.</summary>
public sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute()
    {
        if (PythonReference.Unavailable is { } why) Skip = why;
    }
}

/// <summary>A theory that needs the Python reference; skipped, with the reason, only when numpy/scipy cannot be imported.</summary>
public sealed class PythonTheoryAttribute : TheoryAttribute
{
    public PythonTheoryAttribute()
    {
        if (PythonReference.Unavailable is { } why) Skip = why;
    }
}
