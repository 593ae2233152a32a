using System.Text.Json.Nodes;

namespace VvsNotebook.Figures;

/// <summary>
/// Per-point marker sizes and symbols on a trace (seaborn's <c>size</c> and <c>style</c> semantics in one trace, so a
/// colour scale stays shared), and legend-only entries such as seaborn's grey style markers.
/// </summary>
public static class PerPointMarkers
{
    /// <summary>The trace with one marker size (diameter, px) per point, kept with any marker settings it had.</summary>
    public static PlotlyTrace WithMarkerSizes(this PlotlyTrace trace, IEnumerable<double> sizes) =>
        WithMarker(trace, "size", new JsonArray(sizes.Select(s => (JsonNode?)s).ToArray()));

    /// <summary>The trace with one Plotly marker symbol per point (<c>circle</c>, <c>x</c>, <c>diamond</c>, ...).</summary>
    public static PlotlyTrace WithMarkerSymbols(this PlotlyTrace trace, IEnumerable<string> symbols) =>
        WithMarker(trace, "symbol", new JsonArray(symbols.Select(s => (JsonNode?)s).ToArray()));

    /// <summary>An entry that shows only in the legend: <paramref name="name"/> with a marker (and a line when <paramref name="lineWidth"/> is given).</summary>
    public static PlotlyTrace LegendEntry(string name, string symbol = "circle", string color = "#555555", double size = 9,
        double? lineWidth = null, string? legendGroup = null) => new()
    {
        Mode = lineWidth is null ? "markers" : "lines+markers", Name = name, X = [double.NaN], Y = [double.NaN],
        Marker = new PlotlyMarker(color, size, Symbol: symbol), Line = lineWidth is { } w ? new PlotlyLine(color, w) : null,
        LegendGroup = legendGroup, ShowLegend = true,
    };

    private static PlotlyTrace WithMarker(PlotlyTrace trace, string key, JsonNode value)
    {
        var extra = trace.Extra is null ? new Dictionary<string, JsonNode?>() : new Dictionary<string, JsonNode?>(trace.Extra);
        var marker = extra.TryGetValue("marker", out var existing) && existing is JsonObject o ? (JsonObject)o.DeepClone() : new JsonObject();
        marker[key] = value;
        extra["marker"] = marker;
        return trace with { Extra = extra };
    }
}
