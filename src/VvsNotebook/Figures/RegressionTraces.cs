using VvsNotebook.Metrics.Statistics;

namespace VvsNotebook.Figures;

/// <summary>seaborn <c>regplot</c> as Plotly traces: the points, the bootstrap band of the line, and the line.</summary>
public static class RegressionTraces
{
    /// <summary>
    /// Points (<paramref name="x"/>, <paramref name="y"/>), <paramref name="band"/> (shaded) and its line, all in
    /// <paramref name="color"/>; the line carries <paramref name="label"/> in the legend (e.g. "R² = 0.97, p = 3e-22").
    /// </summary>
    public static PlotlyTrace[] Traces(this RegressionBand band, IReadOnlyList<double> x, IReadOnlyList<double> y, string color,
        string? label = null, double pointSize = 8, double pointOpacity = 0.8, double bandOpacity = 0.15, double lineWidth = 2.5,
        IEnumerable<string>? text = null)
    {
        var group = "regression:" + (label ?? color);
        var points = PlotlyFigure.Scatter(x, y, label is null ? null : label + " (points)", color, pointSize, pointOpacity, text)
            with { ShowLegend = false, LegendGroup = group };
        var shade = PlotlyFigure.Band(band.X, band.Lower, band.Upper, $"{label ?? "line"}: {band.Level:0.#}% band", FitTraces.Fade(color, bandOpacity))
            .Select(t => t with { ShowLegend = false, LegendGroup = group });
        var line = PlotlyFigure.LineTrace(band.X, band.Line, label, color, lineWidth) with { ShowLegend = label is not null, LegendGroup = group };
        return [points, .. shade, line];
    }
}
