namespace VvsNotebook.Tests.Fitting;

/// <summary>Script-on-stdin front of <see cref="DebianPython"/> for the fitting tests (numpy's RNG, scipy's BFGS).</summary>
internal static class PythonReference
{
    /// <summary>Runs <paramref name="script"/> and returns its stdout; throws with stderr on failure.</summary>
    public static string Run(string script, TimeSpan? timeout = null) => DebianPython.Run(["-"], script, timeout);

    /// <summary>Runs a script file with <paramref name="stdin"/> as its input.</summary>
    public static string RunFile(string path, string stdin, TimeSpan? timeout = null) => DebianPython.Run([path], stdin, timeout);
}
