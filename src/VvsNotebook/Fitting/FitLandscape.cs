using System.Globalization;
using System.Text;
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
/// valley count as one optimum (the grouping the bootstrap's warm starts use). Plain data: its figure is
/// <c>landscape.Plot()</c> (<c>VvsNotebook.Figures.FitPlots</c>); notebooks show a table of the basins with it.
/// </summary>
public sealed record FitLandscape
{
    /// <summary>Basins listed (and drawn in their own colour) one by one; the rest are counted together.</summary>
    public const int ColouredBasins = 8;

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

    /// <summary>A parameter vector as text in the fit's LSE names, e.g. <c>e -1.2, a 0.5, alpha 0.16</c>.</summary>
    public static string Vector(ScalingLawFit fit, double[] parameters) =>
        string.Join(", ", fit.ParameterNames.Select((n, j) => Invariant($"{n} {parameters[j]:G4}")));

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Invariant($"{Fit.Name ?? Fit.Form.Key()}: {Starts} starts"))
          .Append(Fit.Grid is null ? "" : $" (grid {Fit.Grid})")
          .Append(Invariant($", {StartsAtBest} at the best loss {BestLoss:G6}, {Basins.Count} distinct optima, {Failures.Count} failed"));
        foreach (var b in Basins.Take(ColouredBasins))
            sb.Append(Invariant($"\n  optimum {b.Rank + 1}: loss {b.Loss:G6} ({Relative(b.Loss)}), {b.Count} start(s), [{Vector(Fit, b.Parameters)}]"));
        if (Basins.Count > ColouredBasins) sb.Append(Invariant($"\n  ... {Basins.Count - ColouredBasins} more"));
        return sb.ToString();
    }

    /// <summary>A loss against the best, as <c>best</c> or <c>+1.5%</c>.</summary>
    public string Relative(double loss) => loss == BestLoss ? "best" : Invariant($"+{(loss - BestLoss) / Math.Abs(BestLoss):0.###%}");

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
