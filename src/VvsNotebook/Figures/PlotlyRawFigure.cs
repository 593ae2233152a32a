using System.Text.Json;
using System.Text.Json.Nodes;

namespace VvsNotebook.Figures;

/// <summary>
/// Figures that arrive as Plotly figure JSON (<c>{"data": [...], "layout": {...}}</c>, e.g. from Plotly.NET) turned
/// into a <see cref="PlotlyFigure"/>, so they render through the same bundle and HTML fallback as our own figures.
/// </summary>
public static class PlotlyRawFigure
{
    /// <summary>
    /// A figure whose JSON reproduces <paramref name="figureJson"/>'s traces and layout key for key. Animation
    /// <c>frames</c> and <c>config</c> are dropped: <see cref="PlotlyFigure"/> has neither.
    /// </summary>
    /// <exception cref="JsonException">The text is not a JSON object.</exception>
    public static PlotlyFigure FromJson(string figureJson)
    {
        var figure = JsonNode.Parse(figureJson) as JsonObject ?? throw new JsonException("Plotly figure JSON must be an object.");
        var traces = (figure["data"] as JsonArray ?? []).OfType<JsonObject>().Select(Trace).ToList();
        var layout = figure["layout"] as JsonObject ?? [];
        return new PlotlyFigure { Traces = traces, Layout = Layout(layout) };
    }

    // Every attribute travels in Extra, which PlotlyTrace.ToJson merges last, so the trace comes out as it came in.
    private static PlotlyTrace Trace(JsonObject trace) => new()
    {
        Type = trace["type"] is JsonValue t && t.TryGetValue<string>(out var type) ? type : "scatter",
        Extra = trace.Where(kv => kv.Key != "type").ToDictionary(kv => kv.Key, kv => kv.Value),
    };

    private static PlotlyLayout Layout(JsonObject layout)
    {
        var extra = layout.ToDictionary(kv => kv.Key, kv => kv.Value);
        // PlotlyLayout always writes our house defaults (white plot background, axes, legend). A layout value set
        // there beats the figure's template, so where the raw layout leaves a key to its template (Plotly.NET's
        // default template paints the plot area blue-grey), the template's value is written instead.
        var template = layout["template"]?["layout"] as JsonObject;
        foreach (var (key, _) in new PlotlyLayout().ToJson())
            if (!extra.ContainsKey(key) && template?[key] is { } fromTemplate) extra[key] = fromTemplate;
        return new PlotlyLayout { Title = TitleText(layout["title"]), Extra = extra, ExtraReplaces = true };
    }

    private static string? TitleText(JsonNode? title) => title switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonObject o when o["text"] is JsonValue v && v.TryGetValue<string>(out var s) => s,
        _ => null,
    };
}
