using System.Text.Json.Nodes;

namespace VvsNotebook.Figures;

/// <summary>
/// A square grid of panels over n variables of which only the lower triangle and diagonal are drawn (seaborn's corner
/// <c>PairGrid</c>, the paper's Fig. S7): panel (row i, column j) for j &lt;= i, blank above the diagonal.
/// </summary>
public static class PairGrid
{
    /// <summary>
    /// Lays out <paramref name="panel"/>(i, j) for every j &lt;= i of an <paramref name="n"/> x <paramref name="n"/> grid
    /// through <see cref="PlotlyGrid.Grid"/>; the cells above the diagonal have hidden axes.
    /// </summary>
    public static PlotlyFigure LowerTriangle(int n, Func<int, int, PlotlyFigure> panel, string? title = null, int? width = null,
        int? height = null, double horizontalGap = 0.05, double verticalGap = 0.07)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var panels = new List<PlotlyFigure>(n * n);
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                panels.Add(j <= i ? panel(i, j) : Blank);
        return PlotlyGrid.Grid(n, panels, title, width, height, horizontalGap, verticalGap);
    }

    /// <summary>An empty cell: no traces, no title, axes hidden.</summary>
    public static PlotlyFigure Blank => new()
    {
        Layout = new PlotlyLayout
        {
            Extra = new Dictionary<string, JsonNode?>
            {
                ["xaxis"] = new JsonObject { ["visible"] = false },
                ["yaxis"] = new JsonObject { ["visible"] = false },
            },
        },
    };
}
