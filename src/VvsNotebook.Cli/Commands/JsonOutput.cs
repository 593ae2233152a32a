using System.CommandLine;
using System.Text.Json;
using VvsNotebook.Figures;
using VvsNotebook.Files;
using VvsNotebook.Training.Loop;

namespace VvsNotebook.Cli.Commands;

/// <summary>
/// The <c>--json FILE</c> option every command shares: a file is written atomically, <c>-</c> (or <c>--json</c> alone)
/// writes to stdout instead of the table; keys are snake_case everywhere. The path is checked before any work.
/// </summary>
internal static class JsonOutput
{
    public static Option<string?> Create(string what = "the result") => new("--json")
    {
        Description = $"Write {what} as JSON (snake_case keys) to this file; '-' or no value: to stdout instead of the table",
        Arity = ArgumentArity.ZeroOrOne,
    };

    /// <summary>null without <c>--json</c>; "-" for stdout; else the file, checked to be writable.</summary>
    public static string? Target(ParseResult parse, Option<string?> option)
    {
        if (parse.GetResult(option) is null) return null;
        var path = parse.GetValue(option) ?? "-";
        if (path != "-") AtomicFile.CheckWritable(path, "--json");
        return path;
    }

    /// <summary>Whether the human-readable table goes to stdout (not when JSON does).</summary>
    public static bool ShowsTable(string? target) => target != "-";

    public static void Write(string? target, object value) => WriteText(target, JsonSerializer.Serialize(value, value.GetType(), RunFiles.Json));

    public static void WriteText(string? target, string json)
    {
        if (target is null) return;
        if (target == "-") Console.WriteLine(json);
        else AtomicFile.WriteAllText(target, json + "\n");
    }
}
