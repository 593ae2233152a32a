using System.Globalization;
using System.Text.Json.Nodes;

namespace VvsNotebook.Figures;

/// <summary>Panels side by side in one figure (Plotly subplots), as the paper's multi-panel figures.</summary>
public static class PlotlyGrid
{
    /// <summary>
    /// One figure with <paramref name="panels"/> laid out row by row, <paramref name="columns"/> per row. Each panel keeps
    /// its traces and axes (titles, log scale, ranges); its title becomes the panel's heading. A legend entry shown in
    /// an earlier panel under the same name is not repeated.
    /// </summary>
    public static PlotlyFigure Grid(int columns, IReadOnlyList<PlotlyFigure> panels, string? title = null, int? width = null,
        int? height = null, double horizontalGap = 0.08, double verticalGap = 0.12)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (panels.Count == 0) throw new ArgumentException("A grid needs at least one panel.", nameof(panels));
        columns = Math.Min(columns, panels.Count);
        var rows = (panels.Count + columns - 1) / columns;
        var w = (1 - horizontalGap * (columns - 1)) / columns;
        var h = (1 - verticalGap * (rows - 1)) / rows;
        var extra = new Dictionary<string, JsonNode?>();
        var annotations = new JsonArray();
        var traces = new List<PlotlyTrace>();
        var shown = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < panels.Count; i++)
        {
            var (r, c) = (i / columns, i % columns);
            var k = i == 0 ? "" : (i + 1).ToString(CultureInfo.InvariantCulture);
            double x0 = c * (w + horizontalGap), y1 = 1 - r * (h + verticalGap);
            var panel = panels[i];
            var xaxis = panel.Layout.XAxis.ToJson();
            var yaxis = panel.Layout.YAxis.ToJson();
            if (panel.Layout.Extra is { } pe)
            {
                if (pe.GetValueOrDefault("xaxis") is JsonObject px) PlotlyJson.Merge(xaxis, px.ToArray());
                if (pe.GetValueOrDefault("yaxis") is JsonObject py) PlotlyJson.Merge(yaxis, py.ToArray());
            }
            xaxis["domain"] = new JsonArray(x0, x0 + w);
            xaxis["anchor"] = "y" + k;
            yaxis["domain"] = new JsonArray(y1 - h, y1);
            yaxis["anchor"] = "x" + k;
            extra["xaxis" + k] = xaxis;
            extra["yaxis" + k] = yaxis;
            if (panel.Layout.Title is { } heading)
                annotations.Add(new JsonObject
                {
                    ["text"] = heading, ["x"] = x0 + w / 2, ["y"] = y1, ["xref"] = "paper", ["yref"] = "paper",
                    ["xanchor"] = "center", ["yanchor"] = "bottom", ["showarrow"] = false, ["font"] = new JsonObject { ["size"] = 14 },
                });
            foreach (var t in panel.Traces)
            {
                var axes = new Dictionary<string, JsonNode?>(t.Extra ?? new Dictionary<string, JsonNode?>()) { ["xaxis"] = "x" + k, ["yaxis"] = "y" + k };
                var legend = t.ShowLegend != false && t.Name is { } n && !shown.Add(n) ? false : t.ShowLegend;
                traces.Add(t with { Extra = axes, ShowLegend = legend });
            }
        }
        extra["annotations"] = annotations;
        return new PlotlyFigure
        {
            Traces = traces,
            Layout = new PlotlyLayout { Title = title, Width = width, Height = height, Extra = extra },
        };
    }
}
