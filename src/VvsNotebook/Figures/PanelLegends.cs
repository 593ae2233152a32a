using System.Globalization;
using System.Text.Json.Nodes;

namespace VvsNotebook.Figures;

/// <summary>
/// Subplots with one legend inside each panel, as matplotlib's per-axes <c>ax.legend()</c> in the paper's multi-panel
/// figures (Figs. 2a, 5a): each panel's laws sit next to its own curves instead of one long shared legend.
/// </summary>
public static class PanelLegends
{
    /// <summary>
    /// <see cref="PlotlyGrid.Grid"/> with a legend per panel (plotly.js <c>legend</c>, <c>legend2</c>, …), placed by
    /// that panel's <see cref="PlotlyLayout.Legend"/> within the panel (default: upper left). Entries keep each panel's
    /// own visibility, so the same name may appear in several panels.
    /// </summary>
    public static PlotlyFigure Grid(int columns, IReadOnlyList<PlotlyFigure> panels, string? title = null, int? width = null,
        int? height = null, double horizontalGap = 0.08, double verticalGap = 0.12, double fontSize = 11)
    {
        var grid = PlotlyGrid.Grid(columns, panels, title, width, height, horizontalGap, verticalGap);
        var extra = new Dictionary<string, JsonNode?>(grid.Layout.Extra ?? new Dictionary<string, JsonNode?>());
        var traces = new List<PlotlyTrace>(grid.Traces.Count);
        var next = 0;
        for (var i = 0; i < panels.Count; i++)
        {
            var legend = i == 0 ? "legend" : "legend" + (i + 1).ToString(CultureInfo.InvariantCulture);
            var k = i == 0 ? "" : (i + 1).ToString(CultureInfo.InvariantCulture);
            foreach (var original in panels[i].Traces)
            {
                var t = grid.Traces[next++];
                var e = new Dictionary<string, JsonNode?>(t.Extra ?? new Dictionary<string, JsonNode?>()) { ["legend"] = legend };
                traces.Add(t with { Extra = e, ShowLegend = original.ShowLegend });
            }
            var xd = extra["xaxis" + k]!["domain"]!.AsArray();
            var yd = extra["yaxis" + k]!["domain"]!.AsArray();
            double x0 = xd[0]!.GetValue<double>(), x1 = xd[1]!.GetValue<double>(), y0 = yd[0]!.GetValue<double>(), y1 = yd[1]!.GetValue<double>();
            var at = panels[i].Layout.Legend ?? PlotlyLegend.UpperLeft;
            extra[legend] = new JsonObject
            {
                ["x"] = x0 + at.X * (x1 - x0), ["y"] = y0 + at.Y * (y1 - y0), ["xanchor"] = at.XAnchor, ["yanchor"] = at.YAnchor,
                ["xref"] = "paper", ["yref"] = "paper", ["bgcolor"] = "rgba(255,255,255,0.6)", ["font"] = new JsonObject { ["size"] = fontSize },
            };
        }
        return grid with { Traces = traces, Layout = grid.Layout with { Extra = extra } };
    }
}
