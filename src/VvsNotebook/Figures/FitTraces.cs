using System.Globalization;
using System.Text.Json.Nodes;
using VvsNotebook.Fitting;
using VvsNotebook.Fitting.Bootstrap;
using VvsNotebook.Fitting.Laws;

namespace VvsNotebook.Figures;

/// <summary>A fit as Plotly traces (points, bootstrap band, fitted line), to compose figures of several fits.</summary>
public static class FitTraces
{
    /// <summary>
    /// Points, band (with a bootstrap) and line of <paramref name="fit"/>, in raw units on x (FLOPs, parameters, samples).
    /// The joint law is drawn along its compute-optimal frontier over C, with each replicate's own frontier for the band.
    /// </summary>
    public static PlotlyTrace[] Traces(this ScalingLawFit fit, FitStyle? style = null)
    {
        style ??= new FitStyle();
        var label = style.Label ?? fit.Law;
        var group = "fit:" + label;
        var traces = new List<PlotlyTrace>();
        double[] x;
        Func<double, double> curve;
        Func<IReadOnlyList<double>, ConfidenceBand> band;
        if (fit.Form == LawForm.Chinchilla)
        {
            x = fit.Data.Compute ?? throw new InvalidOperationException("Drawing the joint law needs the fit's compute column (FitData.Compute).");
            curve = fit.PredictOnFrontier;
            band = xs => fit.FrontierBand(xs, style.Level);
        }
        else
        {
            x = fit.Data.X[0].Select(v => v * fit.Data.XScale[0]).ToArray();
            curve = v => fit.Predict(v);
            band = xs => fit.Band(xs, style.Level);
        }
        if (style.ShowPoints)
        {
            var points = PlotlyFigure.Scatter(x, fit.Data.Y.Select(y => fit.Data.InvertedY ? 1 - y : y), style.PointsLabel ?? label + " (points)",
                style.Color, style.PointSize, style.PointOpacity, fit.Data.Labels);
            traces.Add(points with { ShowLegend = style.PointsLabel is not null, LegendGroup = group });
        }
        var (min, max) = (x.Min(), x.Max());
        if (style.ShowBand && fit.Bootstrap is not null)
        {
            var grid = ScalingLawFit.Geomspace(min, max * (style.BandXExtend ?? style.XExtend), style.CurvePoints);
            var b = band(grid);
            var name = string.Create(CultureInfo.InvariantCulture, $"{label}: {style.Level:0.#}% band");
            foreach (var t in PlotlyFigure.Band(grid, b.Lower, b.Upper, name, Fade(style.Color, style.BandOpacity)))
                traces.Add(t with { ShowLegend = false, LegendGroup = group });
        }
        var xs = ScalingLawFit.Geomspace(min, max * style.XExtend, style.CurvePoints);
        traces.Add(PlotlyFigure.LineTrace(xs, xs.Select(curve), label, style.Color, style.LineWidth, style.Dash) with { LegendGroup = group });
        return [.. traces];
    }

    /// <summary><c>rgba(...)</c> of a <c>#rrggbb</c> colour at <paramref name="opacity"/>; other colour strings pass through.</summary>
    public static string Fade(string hex, double opacity) => hex.StartsWith('#') && hex.Length == 7
        ? string.Create(CultureInfo.InvariantCulture,
            $"rgba({Convert.ToInt32(hex[1..3], 16)},{Convert.ToInt32(hex[3..5], 16)},{Convert.ToInt32(hex[5..7], 16)},{opacity:0.###})")
        : hex;
}
