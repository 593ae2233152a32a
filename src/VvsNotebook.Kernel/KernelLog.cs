namespace VvsNotebook.Kernel;

/// <summary>
/// The kernel's own diagnostics. They go to the process's real stderr (front ends show it in their log; nbconvert
/// echoes it), never to the notebook, whose Console is redirected to cell output.
/// </summary>
public static class KernelLog
{
    private static readonly TextWriter Stderr = new StreamWriter(Console.OpenStandardError()) { AutoFlush = true };

    public static void Write(string message)
    {
        lock (Stderr) Stderr.WriteLine($"[vvs-kernel {DateTime.UtcNow:HH:mm:ss.fff}] {message}");
    }
}
