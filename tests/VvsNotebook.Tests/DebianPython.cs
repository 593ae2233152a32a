using System.Diagnostics;

namespace VvsNotebook.Tests;

/// <summary>
/// Debian's Python (/usr/bin/python3 with numpy, scipy, scikit-learn and statsmodels from
/// environment/apt-packages.txt), the independent reference of the differential tests. The pyenv python3 on PATH
/// lacks those packages, hence the absolute path.
/// </summary>
public static class DebianPython
{
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>Why the reference cannot run, or null when numpy and scipy are importable.</summary>
    public static string? Unavailable { get; } = Probe();

    /// <summary>Runs the interpreter with <paramref name="arguments"/>, feeding <paramref name="stdin"/>; returns stdout, throws with stderr on failure.</summary>
    public static string Run(IEnumerable<string> arguments, string stdin = "", TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(Interpreter) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(2))) { p.Kill(entireProcessTree: true); throw new TimeoutException("Python reference timed out"); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"Python reference failed: {stderr.Result.Trim()}");
        return stdout.Result;
    }

    private static string? Probe()
    {
        if (!File.Exists(Interpreter)) return $"{Interpreter} is missing (install the packages of environment/apt-packages.txt)";
        try
        {
            Run(["-"], "import numpy, scipy.optimize");
            return null;
        }
        catch (InvalidOperationException e) { return $"{Interpreter} cannot import numpy/scipy: {e.Message}"; }
    }
}

/// <summary>A fact that needs the Python reference; skipped, with the reason, only when numpy/scipy cannot be imported.</summary>
public sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute()
    {
        if (DebianPython.Unavailable is { } why) Skip = why;
    }
}

/// <summary>A theory that needs the Python reference; skipped, with the reason, only when numpy/scipy cannot be imported.</summary>
public sealed class PythonTheoryAttribute : TheoryAttribute
{
    public PythonTheoryAttribute()
    {
        if (DebianPython.Unavailable is { } why) Skip = why;
    }
}
