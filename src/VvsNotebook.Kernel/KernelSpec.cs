using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VvsNotebook.Files;

namespace VvsNotebook.Kernel;

/// <summary>
/// Writes the Jupyter kernelspec (<c>kernels/&lt;name&gt;/kernel.json</c>) that starts this kernel through the
/// running <c>vvs</c> assembly with absolute paths, since front ends may not share the shell's PATH.
/// </summary>
public static partial class KernelSpec
{
    public const string DefaultName = "vvs-csharp";

    /// <summary>Installs under <paramref name="prefix"/>/share/jupyter/kernels, or the user's Jupyter data dir when null.</summary>
    public static string Install(string name, string? prefix)
    {
        if (!ValidName().IsMatch(name))
            throw new ArgumentException($"Kernelspec names may contain only ASCII letters, digits, '-', '.' and '_'. Got '{name}'.", nameof(name));
        var root = prefix is not null
            ? Path.Combine(prefix, "share", "jupyter")
            : Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR") is { Length: > 0 } data ? data
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "jupyter");
        var directory = Path.Combine(root, "kernels", name);
        Directory.CreateDirectory(directory);
        var json = ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        AtomicFile.WriteAllText(Path.Combine(directory, "kernel.json"), json);
        return directory;
    }

    /// <summary>The kernel.json content: interrupt by message, since SIGINT would end a .NET process.</summary>
    public static JsonObject ToJson()
    {
        var entry = System.Reflection.Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("No entry assembly.");
        var host = Environment.ProcessPath ?? "dotnet";
        JsonArray argv = Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? [host, entry, "kernel", "-f", "{connection_file}"]
            : [host, "kernel", "-f", "{connection_file}"];
        return new JsonObject
        {
            ["argv"] = argv,
            ["display_name"] = "C# (VvsNotebook)",
            ["language"] = "C#",
            ["interrupt_mode"] = "message",
            ["env"] = KernelEnvironment(),
            ["metadata"] = new JsonObject { ["debugger"] = false },
        };
    }

    /// <summary>
    /// The kernel process's environment. A notebook session compiles one submission per cell, so the runtime spends
    /// much of a small cell's time JIT-compiling Roslyn ever further. Two runtime defaults work against that here:
    /// dynamic PGO re-compiles each hot method once more with instrumentation, and call counting (the step towards
    /// optimised code) waits until no method has been compiled for 100 ms, which never happens while every cell
    /// brings new methods. Turning both off halved a trivial cell's time in the kernel (bench/kernel/run).
    /// </summary>
    private static JsonObject KernelEnvironment() => new()
    {
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_TieredPGO"] = "0",
        ["DOTNET_TC_CallCountingDelayMs"] = "0",
    };

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex ValidName();
}
