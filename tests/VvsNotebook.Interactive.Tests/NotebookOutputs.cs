using System.Text.Json.Nodes;

namespace VvsNotebook.Interactive.Tests;

/// <summary>Reading the outputs of an executed notebook as nbformat stores them.</summary>
internal static class NotebookOutputs
{
    public static string Type(JsonObject output) => output["output_type"]!.GetValue<string>();
    public static string Types(IEnumerable<JsonObject> outputs) => string.Join(",", outputs.Select(Type));
    public static List<string> Mimes(JsonObject output) => (output["data"] as JsonObject)?.Select(kv => kv.Key).ToList() ?? [];

    /// <summary>One MIME entry of a display or result (nbformat may store text as a list of lines).</summary>
    public static string? MimeData(JsonObject output, string mime) => output["data"]?[mime] is { } value ? Text(value) : null;

    public static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        null => "",
        _ => node.ToJsonString(),
    };
}
