using System.Globalization;
using VvsNotebook.Fitting;
using VvsNotebook.Fitting.Laws;
using VvsNotebook.Fitting.Optimization;

namespace VvsNotebook.Figures;

/// <summary>
/// Figures of fits, kept here so that fitting stays plain data: <c>fit.Plot()</c> and <c>fit.Landscape().Plot()</c>
/// read as methods wherever <c>VvsNotebook.Figures</c> is imported (both notebook hosts import it).
/// </summary>
public static class FitPlots
{
    private static readonly string[] BasinPalette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

    /// <summary>
    /// The figure: data, fitted curve and (with a bootstrap) its band, log x. The curve runs from the smallest input to
    /// <paramref name="xExtend"/> times the largest. The joint law is drawn along its compute-optimal frontier over C.
    /// </summary>
    public static PlotlyFigure Plot(this ScalingLawFit fit, double xExtend = 1.0, double level = 95, string color = "#008b8b", int points = 100)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var title = (fit.Name is null ? "" : fit.Name + ": ") + fit.Law;
        var yTitle = fit.Data.InvertedY ? "alignment S" : "L";
        if (fit.Form == LawForm.Chinchilla && fit.Data.Compute is null) throw new InvalidOperationException("Plotting the joint law needs the compute column.");
        var style = new FitStyle { Color = color, XExtend = xExtend, Level = level, CurvePoints = points,
            Label = fit.Form == LawForm.Chinchilla ? "compute-optimal frontier" : fit.Law };
        var xTitle = fit.Form == LawForm.Chinchilla ? "compute C (FLOPs)" : $"{LawText.Symbol(fit.Data.XNames[0])} ({fit.Data.XNames[0]})";
        return new PlotlyFigure { Traces = fit.Traces(style), Layout = new PlotlyLayout { Title = title, XAxis = PlotlyAxis.Log(xTitle), YAxis = new(yTitle) } };
    }

    /// <summary>
    /// Every start's final loss, sorted from best to worst, coloured by basin (hover: the start and where it ended).
    /// With <paramref name="parameter"/> (an LSE name such as <c>"alpha"</c>), that parameter's start value on x
    /// instead: which starting values lead where.
    /// </summary>
    public static PlotlyFigure Plot(this FitLandscape landscape, string? parameter = null)
    {
        ArgumentNullException.ThrowIfNull(landscape);
        var fit = landscape.Fit;
        var names = fit.ParameterNames;
        var column = parameter is null ? -1 : names.ToList().IndexOf(parameter == "lambda_" ? "lambda" : parameter);
        if (parameter is not null && column < 0)
            throw new ArgumentException($"The fit has no parameter '{parameter}'; its parameters are {string.Join(", ", names)}.", nameof(parameter));
        var outcomes = fit.Outcomes;
        var basinOf = landscape.BasinOf;
        var basins = landscape.Basins;
        var order = Enumerable.Range(0, outcomes.Count).Where(k => basinOf[k] >= 0)
            .OrderBy(k => outcomes[k].Loss).ThenBy(k => outcomes[k].Index).ToArray();
        var position = new Dictionary<int, int>();
        for (var r = 0; r < order.Length; r++) position[order[r]] = r + 1;

        const int coloured = FitLandscape.ColouredBasins;
        var figure = new PlotlyFigure();
        foreach (var g in order.GroupBy(k => Math.Min(basinOf[k], coloured)).OrderBy(g => g.Key))
        {
            var members = g.ToArray();
            var name = g.Key < coloured
                ? Invariant($"optimum {g.Key + 1}: loss {basins[g.Key].Loss:G5}, {basins[g.Key].Count} start(s)")
                : $"{basins.Count - coloured} other optima";
            var colour = g.Key < coloured ? BasinPalette[g.Key] : "#9a9a9a";
            figure = figure.With(PlotlyFigure.Scatter(
                members.Select(k => column < 0 ? position[k] : outcomes[k].Start[column]),
                members.Select(k => outcomes[k].Loss), name, colour, 8, 0.75, members.Select(k => Hover(fit, outcomes[k]))));
        }
        var finite = order.Select(k => outcomes[k].Loss).ToArray();
        var logY = finite.Length > 0 && finite.All(v => v > 0) && finite.Max() > 10 * finite.Min();
        var title = $"{fit.Name ?? fit.Form.Key()}: {landscape.StartsAtBest} of {landscape.Starts} starts at the best loss, " +
                    $"{basins.Count} optim{(basins.Count == 1 ? "um" : "a")}" +
                    (landscape.Failures.Count > 0 ? $", {landscape.Failures.Count} failed" : "");
        return figure with
        {
            Layout = new PlotlyLayout
            {
                Title = title,
                XAxis = new PlotlyAxis(column < 0 ? "starts, best final loss first" : $"start value of {names[column]}"),
                YAxis = new PlotlyAxis("final loss (Huber, log residuals)", logY ? "log" : null),
            },
        };
    }

    private static string Hover(ScalingLawFit fit, StartOutcome o) =>
        Invariant($"start #{o.Index} [{FitLandscape.Vector(fit, o.Start)}] -> [{FitLandscape.Vector(fit, o.Parameters)}], loss {o.Loss:G6}, {o.Status}, {o.Iterations} iterations");

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
