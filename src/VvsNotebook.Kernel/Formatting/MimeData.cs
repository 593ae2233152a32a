using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace VvsNotebook.Kernel.Formatting;

/// <summary>
/// A MIME bundle in wire form. JSON MIME types (<c>application/json</c>, <c>application/vnd.plotly.v1+json</c>) go
/// out as JSON objects, as nbformat's schema expects and renderers prefer; everything else as strings.
/// </summary>
internal static partial class MimeData
{
    public static JsonObject ToJson(IReadOnlyDictionary<string, string> bundle)
    {
        var data = new JsonObject();
        foreach (var (mime, payload) in bundle)
            data[mime] = JsonMime().IsMatch(mime) && TryParse(payload) is { } node ? node : JsonValue.Create(payload);
        return data;
    }

    private static JsonNode? TryParse(string payload)
    {
        try { return JsonNode.Parse(payload); }
        catch (JsonException) { return null; }
    }

    [GeneratedRegex(@"^application/(.*\+)?json$")]
    private static partial Regex JsonMime();
}
