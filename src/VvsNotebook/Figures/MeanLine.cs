using System.Globalization;
using VvsNotebook.Metrics.Statistics;

namespace VvsNotebook.Figures;

/// <summary>The mean of the values at one x, with its bootstrap interval.</summary>
public sealed record MeanLinePoint(double X, MeanInterval Interval);

/// <summary>
/// seaborn's <c>lineplot</c> with its defaults (<c>estimator="mean"</c>, <c>errorbar=("ci", 95)</c>): the values at each
/// distinct x are averaged, the line joins the means in x order, and a band shows each mean's bootstrap interval
/// (<see cref="MeanInterval"/>). The paper draws Figs. 3b and 7c this way, one line per family.
/// </summary>
public static class MeanLine
{
    /// <summary>Mean and interval per distinct x, in increasing x (points with a non-finite x or y are left out).</summary>
    public static IReadOnlyList<MeanLinePoint> Summarize(IEnumerable<(double X, double Y)> points, double level = 95, int resamples = 1000,
        ulong seed = 0) =>
        points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y))
            .GroupBy(p => p.X)
            .OrderBy(g => g.Key)
            .Select(g => new MeanLinePoint(g.Key, MeanInterval.Bootstrap(g.Select(p => p.Y).ToArray(), level, resamples, seed)))
            .ToArray();

    /// <summary>
    /// Band (opacity <paramref name="bandOpacity"/>, seaborn's 0.2) and line (with markers unless <paramref name="markers"/>
    /// is false), sharing one legend entry.
    /// <paramref name="dash"/> and <paramref name="symbol"/> are Plotly's names (<c>dash</c>, <c>dot</c>; <c>circle</c>, <c>x</c>).
    /// </summary>
    public static PlotlyTrace[] Traces(IReadOnlyList<MeanLinePoint> line, string name, string color, string? dash = null, string? symbol = null,
        double width = 3, double markerSize = 8, double bandOpacity = 0.2, bool markers = true)
    {
        var x = line.Select(p => p.X).ToArray();
        var group = "mean:" + name;
        var band = PlotlyFigure.Band(x, line.Select(p => p.Interval.Low).ToArray(), line.Select(p => p.Interval.High).ToArray(),
            string.Create(CultureInfo.InvariantCulture, $"{name}: {line.FirstOrDefault()?.Interval.Level ?? 95:0.#}% CI"), FitTraces.Fade(color, bandOpacity));
        var mean = PlotlyFigure.LineTrace(x, line.Select(p => p.Interval.Mean), name, color, width, dash) with { LegendGroup = group };
        if (markers) mean = mean with { Mode = "lines+markers", Marker = new PlotlyMarker(color, markerSize, Symbol: symbol) };
        return [.. band.Select(t => t with { ShowLegend = false, LegendGroup = group }), mean];
    }
}
