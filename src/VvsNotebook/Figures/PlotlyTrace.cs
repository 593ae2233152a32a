using System.Text.Json.Nodes;

namespace VvsNotebook.Figures;

/// <summary>Line style of a trace.</summary>
public sealed record PlotlyLine(string? Color = null, double? Width = null, string? Dash = null, string? Shape = null);

/// <summary>Marker style of a trace.</summary>
public sealed record PlotlyMarker(string? Color = null, double? Size = null, double? Opacity = null, string? Symbol = null);

/// <summary>
/// One Plotly trace (scatter, bar, ...). The common attributes are typed; anything else plotly.js accepts goes in
/// <see cref="Extra"/> (merged last, so it can also override).
/// </summary>
public sealed record PlotlyTrace
{
    public string Type { get; init; } = "scatter";
    public string? Name { get; init; }
    /// <summary><c>markers</c>, <c>lines</c>, <c>lines+markers</c> (scatter only).</summary>
    public string? Mode { get; init; }
    public IReadOnlyList<object?>? X { get; init; }
    public IReadOnlyList<double>? Y { get; init; }
    /// <summary>Per-point hover text.</summary>
    public IReadOnlyList<string>? Text { get; init; }
    public string? HoverTemplate { get; init; }
    /// <summary><c>tonexty</c>, <c>toself</c>, ... for bands.</summary>
    public string? Fill { get; init; }
    public string? FillColor { get; init; }
    public PlotlyLine? Line { get; init; }
    public PlotlyMarker? Marker { get; init; }
    public bool? ShowLegend { get; init; }
    public string? LegendGroup { get; init; }
    public double? Opacity { get; init; }
    /// <summary>Symmetric or asymmetric error bars: <c>{"type":"data","array":[...],"arrayminus":[...]}</c>.</summary>
    public JsonObject? ErrorY { get; init; }
    public IReadOnlyDictionary<string, JsonNode?>? Extra { get; init; }

    internal JsonObject ToJson()
    {
        var o = new JsonObject { ["type"] = Type };
        Set(o, "name", Name);
        Set(o, "mode", Mode);
        if (X is not null) o["x"] = new JsonArray(X.Select(PlotlyJson.Value).ToArray());
        if (Y is not null) o["y"] = new JsonArray(Y.Select(v => PlotlyJson.Value(v)).ToArray());
        if (Text is not null) o["text"] = new JsonArray(Text.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
        Set(o, "hovertemplate", HoverTemplate);
        Set(o, "fill", Fill);
        Set(o, "fillcolor", FillColor);
        if (Line is not null)
        {
            var l = new JsonObject();
            Set(l, "color", Line.Color);
            if (Line.Width is { } w) l["width"] = w;
            Set(l, "dash", Line.Dash);
            Set(l, "shape", Line.Shape);
            o["line"] = l;
        }
        if (Marker is not null)
        {
            var m = new JsonObject();
            Set(m, "color", Marker.Color);
            if (Marker.Size is { } s) m["size"] = s;
            if (Marker.Opacity is { } op) m["opacity"] = op;
            Set(m, "symbol", Marker.Symbol);
            o["marker"] = m;
        }
        if (ShowLegend is { } sl) o["showlegend"] = sl;
        Set(o, "legendgroup", LegendGroup);
        if (Opacity is { } opacity) o["opacity"] = opacity;
        if (ErrorY is not null) o["error_y"] = ErrorY.DeepClone();
        PlotlyJson.Merge(o, Extra);
        return o;
    }

    private static void Set(JsonObject o, string key, string? value)
    {
        if (value is not null) o[key] = value;
    }
}
