using System.Diagnostics;
using VvsNotebook.Tests.Shared;

namespace VvsNotebook.Training.Tests;

/// <summary>
/// PyTorch as the reference of the checkpoint tests: Debian's python3-torch (1.13) under /usr/bin/python3 running
/// Python/checkpoint_reference.py (its models in Python/vvs_zoo.py). The pyenv python3 on PATH has no torch.
/// </summary>
public static class TorchReference
{
    public const string Interpreter = "/usr/bin/python3";

    public static string Script { get; } = Path.Combine(AppContext.BaseDirectory, "Python", "checkpoint_reference.py");

    /// <summary>Why the reference cannot run, or null when torch and numpy import.</summary>
    public static string? Unavailable { get; } = Probe();

    /// <summary>Runs the script with <paramref name="arguments"/>; returns stdout, throws with its output on failure.</summary>
    public static string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Interpreter) { UseShellExecute = false };
        start.ArgumentList.Add(Script);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        var result = TestProcess.Run(start, TimeSpan.FromMinutes(2));
        if (result.ExitCode != 0) throw new InvalidOperationException($"checkpoint_reference.py {string.Join(" ", arguments)} failed ({result.ExitCode}):\n{result.Output}");
        return result.Stdout;
    }

    private static string? Probe()
    {
        if (!File.Exists(Interpreter)) return $"{Interpreter} is missing (Debian's python3-torch is the reference)";
        var start = new ProcessStartInfo(Interpreter) { UseShellExecute = false };
        foreach (var a in new[] { "-c", "import torch, numpy" }) start.ArgumentList.Add(a);
        var result = TestProcess.Run(start, TimeSpan.FromMinutes(1));
        return result.ExitCode == 0 ? null : $"{Interpreter} cannot import torch and numpy (install python3-torch): {result.Output.Trim()}";
    }
}

/// <summary>A fact that needs PyTorch; skipped, with the reason, only when /usr/bin/python3 cannot import torch.</summary>
public sealed class TorchFactAttribute : FactAttribute
{
    public TorchFactAttribute()
    {
        if (TorchReference.Unavailable is { } why) Skip = why;
    }
}

/// <summary>A theory that needs PyTorch; skipped, with the reason, only when /usr/bin/python3 cannot import torch.</summary>
public sealed class TorchTheoryAttribute : TheoryAttribute
{
    public TorchTheoryAttribute()
    {
        if (TorchReference.Unavailable is { } why) Skip = why;
    }
}
