using System.Globalization;
using System.Net;
using System.Text;
using VvsNotebook.Display;
using VvsNotebook.Figures;
using VvsNotebook.Fitting.Laws;
using VvsNotebook.Fitting.Optimization;

namespace VvsNotebook.Fitting;

/// <summary>
/// One basin of a fit's loss landscape: the starts whose end points predict the same curve (log L on the fitted points
/// within the basin tolerance of the basin's lowest-loss end point). <see cref="Parameters"/> and <see cref="Loss"/>
/// are that lowest end point's; <see cref="Rank"/> 0 holds the fit's best.
/// </summary>
public sealed record FitBasin(int Rank, double Loss, double[] Parameters, IReadOnlyList<int> Starts, int NotConverged)
{
    /// <summary>How many starts ended in this basin.</summary>
    public int Count => Starts.Count;
}

/// <summary>
/// Where every start of a fit's grid ended: how many reached the best loss (relative tolerance, as
/// <see cref="ScalingLawFit.StartsAtBest"/>), the distinct optima (basins, lowest loss first) with their loss, count and
/// parameters, and the starts that failed (a non-finite loss, end point or prediction). Two end points are one basin
/// when their predictions agree, not their parameters, so runaway starts that stop at different places along one flat
/// valley count as one optimum (the grouping the bootstrap's warm starts use). Renders itself: a table of the basins
/// and a figure of every start's final loss, coloured by basin.
/// </summary>
public sealed record FitLandscape : IMimeRenderable
{
    /// <summary>Basins drawn in their own colour; the rest share grey.</summary>
    public const int ColouredBasins = 8;

    private static readonly string[] Palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

    public required ScalingLawFit Fit { get; init; }
    public required double BestLoss { get; init; }
    /// <summary>Relative loss difference within which a start counts as at the best.</summary>
    public required double LossTolerance { get; init; }
    /// <summary>Largest difference in predicted log L for two end points to be one basin.</summary>
    public required double BasinTolerance { get; init; }
    public required int StartsAtBest { get; init; }
    /// <summary>Distinct optima, lowest loss first.</summary>
    public required IReadOnlyList<FitBasin> Basins { get; init; }
    /// <summary>Per outcome of <see cref="ScalingLawFit.Outcomes"/> (same order): its basin's rank, or -1 for a failed start.</summary>
    public required IReadOnlyList<int> BasinOf { get; init; }
    /// <summary>Starts that ended at a non-finite loss, end point or prediction.</summary>
    public required IReadOnlyList<StartOutcome> Failures { get; init; }
    /// <summary>How many starts ended with each optimiser status.</summary>
    public required IReadOnlyDictionary<BfgsStatus, int> StatusCounts { get; init; }

    public int Starts => Fit.Outcomes.Count;

    /// <summary>
    /// The landscape of <paramref name="fit"/>; tolerances default to the fitter's (<see cref="ScalingLawFitter.BestLossTolerance"/>,
    /// <see cref="ScalingLawFitter.BasinTolerance"/>).
    /// </summary>
    public static FitLandscape Of(ScalingLawFit fit, double? lossTolerance = null, double? basinTolerance = null)
    {
        ArgumentNullException.ThrowIfNull(fit);
        if (fit.Outcomes.Count == 0)
            throw new ArgumentException("This fit carries no start outcomes (a fit read back without them); refit it to see its landscape.", nameof(fit));
        var lossTol = lossTolerance ?? fit.Fitter?.BestLossTolerance ?? 1e-6;
        var basinTol = basinTolerance ?? fit.Fitter?.BasinTolerance ?? 1e-3;
        if (!(lossTol >= 0) || !(basinTol >= 0)) throw new ArgumentOutOfRangeException(nameof(lossTolerance), "Tolerances must be 0 or more.");

        var outcomes = fit.Outcomes;
        var basinOf = Enumerable.Repeat(-1, outcomes.Count).ToArray();
        var failures = new List<StartOutcome>();
        var reps = new List<(StartOutcome Best, List<int> Members)>();
        foreach (var (k, basin) in EndPointBasins.Assign(fit, basinTol))
        {
            if (basin < 0)
            {
                failures.Add(outcomes[k]);
                continue;
            }
            if (basin == reps.Count) reps.Add((outcomes[k], []));
            reps[basin].Members.Add(k);
            basinOf[k] = basin;
        }
        if (reps.Count == 0) throw new InvalidOperationException($"{fit.Name ?? "fit"}: no start ended at a finite loss.");

        var best = reps[0].Best.Loss;
        var tolerance = lossTol * Math.Max(Math.Abs(best), double.Epsilon);
        return new FitLandscape
        {
            Fit = fit,
            BestLoss = best,
            LossTolerance = lossTol,
            BasinTolerance = basinTol,
            StartsAtBest = outcomes.Count(o => o.Loss - best <= tolerance),
            Basins = reps.Select((r, i) => new FitBasin(i, r.Best.Loss, r.Best.Parameters,
                r.Members.Select(k => outcomes[k].Index).Order().ToArray(),
                r.Members.Count(k => outcomes[k].Status != BfgsStatus.Converged))).ToArray(),
            BasinOf = basinOf,
            Failures = failures.OrderBy(o => o.Index).ToArray(),
            StatusCounts = outcomes.GroupBy(o => o.Status).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count()),
        };
    }

    /// <summary>
    /// Every start's final loss, sorted from best to worst, coloured by basin (hover: the start and where it ended).
    /// With <paramref name="parameter"/> (an LSE name such as <c>"alpha"</c>), that parameter's start value on x
    /// instead: which starting values lead where.
    /// </summary>
    public PlotlyFigure Plot(string? parameter = null)
    {
        var names = Fit.ParameterNames;
        var column = parameter is null ? -1 : names.ToList().IndexOf(parameter == "lambda_" ? "lambda" : parameter);
        if (parameter is not null && column < 0)
            throw new ArgumentException($"The fit has no parameter '{parameter}'; its parameters are {string.Join(", ", names)}.", nameof(parameter));
        var outcomes = Fit.Outcomes;
        var order = Enumerable.Range(0, outcomes.Count).Where(k => BasinOf[k] >= 0)
            .OrderBy(k => outcomes[k].Loss).ThenBy(k => outcomes[k].Index).ToArray();
        var position = new Dictionary<int, int>();
        for (var r = 0; r < order.Length; r++) position[order[r]] = r + 1;

        var figure = new PlotlyFigure();
        var groups = order.GroupBy(k => Math.Min(BasinOf[k], ColouredBasins)).OrderBy(g => g.Key);
        foreach (var g in groups)
        {
            var members = g.ToArray();
            var name = g.Key < ColouredBasins
                ? Invariant($"optimum {g.Key + 1}: loss {Basins[g.Key].Loss:G5}, {Basins[g.Key].Count} start(s)")
                : $"{Basins.Count - ColouredBasins} other optima";
            var colour = g.Key < ColouredBasins ? Palette[g.Key] : "#9a9a9a";
            figure = figure.With(PlotlyFigure.Scatter(
                members.Select(k => column < 0 ? position[k] : outcomes[k].Start[column]),
                members.Select(k => outcomes[k].Loss), name, colour, 8, 0.75, members.Select(k => Hover(outcomes[k]))));
        }
        var finite = order.Select(k => outcomes[k].Loss).ToArray();
        var logY = finite.Length > 0 && finite.All(v => v > 0) && finite.Max() > 10 * finite.Min();
        var title = $"{Fit.Name ?? Fit.Form.Key()}: {StartsAtBest} of {Starts} starts at the best loss, {Basins.Count} optim{(Basins.Count == 1 ? "um" : "a")}" +
                    (Failures.Count > 0 ? $", {Failures.Count} failed" : "");
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

    private string Hover(StartOutcome o) =>
        Invariant($"start #{o.Index} [{Vector(o.Start)}] -> [{Vector(o.Parameters)}], loss {o.Loss:G6}, {o.Status}, {o.Iterations} iterations");

    private string Vector(double[] p) => string.Join(", ", Fit.ParameterNames.Select((n, j) => Invariant($"{n} {p[j]:G4}")));

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Invariant($"{Fit.Name ?? Fit.Form.Key()}: {Starts} starts"))
          .Append(Fit.Grid is null ? "" : $" (grid {Fit.Grid})")
          .Append(Invariant($", {StartsAtBest} at the best loss {BestLoss:G6}, {Basins.Count} distinct optima, {Failures.Count} failed"));
        foreach (var b in Basins.Take(ColouredBasins))
            sb.Append(Invariant($"\n  optimum {b.Rank + 1}: loss {b.Loss:G6} ({Relative(b.Loss)}), {b.Count} start(s), [{Vector(b.Parameters)}]"));
        if (Basins.Count > ColouredBasins) sb.Append(Invariant($"\n  ... {Basins.Count - ColouredBasins} more"));
        return sb.ToString();
    }

    private string Relative(double loss) => loss == BestLoss ? "best" : Invariant($"+{(loss - BestLoss) / Math.Abs(BestLoss):0.###%}");

    public IReadOnlyDictionary<string, string> ToMimeBundle()
    {
        var names = Fit.ParameterNames;
        var summary = Invariant($"{Starts} starts, {StartsAtBest} at the best loss {BestLoss:G6} (within {LossTolerance:G2} relative), ") +
                      Invariant($"{Basins.Count} distinct optim{(Basins.Count == 1 ? "um" : "a")} (predictions within {BasinTolerance:G2} in log L), {Failures.Count} failed") +
                      (Fit.Grid is null ? "" : $"; grid {Fit.Grid}");
        var statuses = string.Join(", ", StatusCounts.Select(s => $"{s.Key} {s.Value}"));
        var shown = Basins.Take(ColouredBasins * 2).ToArray();

        var md = new StringBuilder();
        md.Append($"**{Fit.Name ?? Fit.Form.Key()}** landscape: {summary}\n\nOptimiser status: {statuses}\n\n");
        md.Append("| optimum | loss | vs best | starts | not converged | ").Append(string.Join(" | ", names)).Append(" |\n");
        md.Append("|---|---|---|---|---|").Append(string.Concat(names.Select(_ => "---|"))).Append('\n');
        foreach (var b in shown)
            md.Append(Invariant($"| {b.Rank + 1} | {b.Loss:G6} | {Relative(b.Loss)} | {b.Count} | {b.NotConverged} | "))
              .Append(string.Join(" | ", b.Parameters.Select(v => Invariant($"{v:G5}")))).Append(" |\n");
        if (Basins.Count > shown.Length) md.Append(Invariant($"\n{Basins.Count - shown.Length} more optima not shown.\n"));

        var html = new StringBuilder();
        html.Append($"<div class=\"vvs-landscape\"><p><b>{Enc(Fit.Name ?? Fit.Form.Key())}</b> landscape: {Enc(summary)}</p><p>Optimiser status: {Enc(statuses)}</p>");
        html.Append("<table class=\"vvs-landscape-optima\"><thead><tr><th>optimum</th><th>loss</th><th>vs best</th><th>starts</th><th>not converged</th>")
            .Append(string.Concat(names.Select(n => $"<th>{Enc(n)}</th>"))).Append("</tr></thead><tbody>");
        foreach (var b in shown)
            html.Append(Invariant($"<tr><td>{b.Rank + 1}</td><td>{b.Loss:G6}</td><td>{Relative(b.Loss)}</td><td>{b.Count}</td><td>{b.NotConverged}</td>"))
                .Append(string.Concat(b.Parameters.Select(v => Invariant($"<td>{v:G5}</td>")))).Append("</tr>");
        html.Append("</tbody></table>");
        if (Basins.Count > shown.Length) html.Append(Invariant($"<p>{Basins.Count - shown.Length} more optima not shown.</p>"));
        var figure = Plot();
        html.Append(figure.ToHtmlFragment()).Append("</div>");

        return new Dictionary<string, string>
        {
            [MimeTypes.Plain] = ToString(),
            [MimeTypes.Markdown] = md.ToString(),
            [MimeTypes.Plotly] = figure.ToJson(),
            [MimeTypes.Html] = html.ToString(),
        };
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Enc(string text) => WebUtility.HtmlEncode(text);
}
