using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

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
        var temp = Path.Combine(directory, "kernel.json.tmp");
        File.WriteAllText(temp, json);
        File.Move(temp, Path.Combine(directory, "kernel.json"), overwrite: true);
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
            ["env"] = new JsonObject { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" },
            ["metadata"] = new JsonObject { ["debugger"] = false },
        };
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex ValidName();
}
