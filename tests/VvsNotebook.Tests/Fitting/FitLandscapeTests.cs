using VvsNotebook.Figures;
using VvsNotebook.Fitting;
using VvsNotebook.Fitting.Optimization;

namespace VvsNotebook.Tests.Fitting;

/// <summary>The landscape summary: starts at the best loss, distinct optima, failures, and its figure.</summary>
public sealed class FitLandscapeTests
{
    [Fact]
    public void the_landscape_of_a_paper_fit_accounts_for_every_start_and_agrees_with_the_fit()
    {
        var fit = PaperFixture.Fit("compute_neuro");
        var land = fit.Landscape();
        Assert.Equal(150, land.Starts);
        Assert.Equal(fit.StartsAtBest, land.StartsAtBest);
        Assert.Equal(fit.Loss, land.BestLoss);
        Assert.Equal(fit.ParametersLse, land.Basins[0].Parameters);
        Assert.Equal(150, land.Basins.Sum(b => b.Count) + land.Failures.Count);
        Assert.Equal(150, land.StatusCounts.Values.Sum());
        Assert.True(land.Basins.Zip(land.Basins.Skip(1)).All(p => p.First.Loss <= p.Second.Loss), "optima come lowest loss first");
        // Every start at the best loss predicts the best curve, so it sits in the first basin.
        Assert.True(land.Basins[0].Count >= land.StartsAtBest);
        for (var k = 0; k < fit.Outcomes.Count; k++)
            if (land.BasinOf[k] >= 0) Assert.Contains(fit.Outcomes[k].Index, land.Basins[land.BasinOf[k]].Starts);
        // The bootstrap's warm starts are these optima, lowest first.
        var optima = ScalingLawFitter.DistinctOptima(fit, 16, 1e-3);
        Assert.Equal(optima, land.Basins.Take(16).Select(b => b.Parameters));
    }

    [Fact]
    public void end_points_are_grouped_by_the_curve_they_predict_and_failures_are_kept_apart()
    {
        // Hand-made end points on compute_neuro's data: two distinct laws, a copy of the first moved by far less than
        // the basin tolerance (its curve differs by < 1e-6 in log L), and two failures.
        var real = PaperFixture.Fit("compute_neuro");
        double[] p1 = [-0.65, -0.6, 0.16], p1Near = [-0.65 + 1e-7, -0.6, 0.16], p2 = [-0.3, 1.0, 0.9];
        StartOutcome O(int i, double[] p, double loss, BfgsStatus status = BfgsStatus.Converged) => new(i, [i, 0, 0], p, loss, 10, status);
        var fit = real with
        {
            Outcomes =
            [
                O(0, p2, 0.9),
                O(1, p1, 0.5),
                O(2, [double.NaN, 0, 0], double.NaN, BfgsStatus.NonFinite),
                O(3, p1Near, 0.5 * (1 + 1e-9)),
                O(4, p2, 0.9, BfgsStatus.MaxIterations),
                O(5, [0, double.PositiveInfinity, 0], 3.0, BfgsStatus.LineSearchFailed),
                O(6, p1, 0.5 * (1 + 1e-3)), // the same curve, but a loss the optimiser did not finish
            ],
        };
        var land = FitLandscape.Of(fit, lossTolerance: 1e-6, basinTolerance: 1e-3);
        Assert.Equal(0.5, land.BestLoss);
        Assert.Equal(2, land.StartsAtBest); // 1 and 3: 6 is 1e-3 worse
        Assert.Equal(2, land.Basins.Count);
        Assert.Equal([1, 3, 6], land.Basins[0].Starts);
        Assert.Equal(p1, land.Basins[0].Parameters);
        Assert.Equal([0, 4], land.Basins[1].Starts);
        Assert.Equal((0.9, 1), (land.Basins[1].Loss, land.Basins[1].NotConverged));
        Assert.Equal([2, 5], land.Failures.Select(f => f.Index));
        Assert.Equal([1, 0, -1, 0, 1, -1, 0], land.BasinOf);
        Assert.Equal(4, land.StatusCounts[BfgsStatus.Converged]);
        // A tighter basin tolerance splits nothing here (the near copy differs by ~1e-7); a looser one does not merge p1 and p2.
        Assert.Equal(2, FitLandscape.Of(fit, basinTolerance: 1e-6).Basins.Count);
        Assert.Equal(2, FitLandscape.Of(fit, basinTolerance: 0.1).Basins.Count);
        Assert.Single(FitLandscape.Of(fit, basinTolerance: 10).Basins);
    }

    [Fact]
    public void the_figure_shows_every_finite_start_once_coloured_by_optimum()
    {
        var fit = PaperFixture.Fit("model_resnet_neuro");
        var land = fit.Landscape();
        var sorted = land.Plot();
        var finite = fit.Outcomes.Count - land.Failures.Count;
        Assert.Equal(finite, sorted.Traces.Sum(t => t.Y!.Count));
        Assert.Equal(Math.Min(land.Basins.Count, FitLandscape.ColouredBasins + 1), sorted.Traces.Count);
        Assert.Equal(Enumerable.Range(1, finite).Select(i => (object?)(double)i).Order(),
            sorted.Traces.SelectMany(t => t.X!).Order());
        Assert.Equal(fit.Loss, sorted.Traces[0].Y!.Min());

        var byAlpha = land.Plot("alpha");
        Assert.Subset(new HashSet<double>(fit.Grid!["alpha"]), byAlpha.Traces.SelectMany(t => t.X!).Select(x => (double)x!).ToHashSet());
        Assert.Equal("start value of alpha", byAlpha.Layout.XAxis.Title);
        Assert.Contains("e, a, alpha", Assert.Throws<ArgumentException>(() => land.Plot("beta")).Message);
    }

    [Fact]
    public void a_fit_without_outcomes_has_no_landscape()
    {
        var fit = PaperFixture.Fit("compute_neuro") with { Outcomes = [] };
        Assert.Contains("refit", Assert.Throws<ArgumentException>(() => fit.Landscape()).Message);
    }
}
