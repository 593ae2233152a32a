using VvsNotebook.Experiments;
using VvsNotebook.Fitting;
using VvsNotebook.Fitting.Bootstrap;

namespace VvsNotebook.Tests.Fitting;

public class BootstrapTests
{
    [Fact]
    public void ReplicateBRefitsNumpysResampleB()
    {
        var e = ExperimentCatalog.Paper.Get("simclr_neuro");
        var fitter = ScalingLawFitter.For(e);
        var fit = fitter.Fit(PaperFixture.Data(e.Name));
        var boot = fitter.Bootstrap(fit, 4, seed: 42);
        var rows = Pcg64.DefaultRng(42).Integers(0, fit.Data.Count, 4 * fit.Data.Count).Select(i => (int)i).ToArray();
        // Replicate 2 equals a fresh fit of resample 2 of numpy's stream.
        var direct = fitter.Fit(fit.Data.Resample(rows.AsSpan(2 * fit.Data.Count, fit.Data.Count)));
        // (The bootstrap weights repeated rows instead of repeating them: the same objective up to rounding.)
        Assert.Equal(direct.Loss, boot.Losses[2], direct.Loss * 1e-9);
        foreach (var x in fit.Data.X[0])
            Assert.Equal(VvsNotebook.Fitting.Laws.ScalingLaw.Loss(fit.Form, direct.ParametersLse, x),
                VvsNotebook.Fitting.Laws.ScalingLaw.Loss(fit.Form, boot.Parameters[2], x), 1e-4);
        // Deterministic across runs and thread counts.
        Assert.Equal(boot.Parameters, (fitter with { MaxDegreeOfParallelism = 1 }).Bootstrap(fit, 4, seed: 42).Parameters);
    }

    [Fact]
    public void BandBracketsTheFitAndPercentilesAreOrdered()
    {
        var e = ExperimentCatalog.Paper.Get("simclr_neuro");
        var progress = new List<FitProgress>();
        var fit = ExperimentRunner.Run(e, PaperFixture.Table, bootstraps: 12, progress: new SyncProgress(progress));
        Assert.Equal(12, fit.Bootstrap!.Count);
        Assert.Contains(progress, p => p.Stage == "bootstraps" && p.Done == 12);
        var xs = ScalingLawFit.Geomspace(1e15, 1e19, 7);
        var band = fit.Band(xs, 95);
        for (var k = 0; k < xs.Length; k++) Assert.True(band.Lower[k] <= band.Upper[k]);
        var lo = fit.Bootstrap.ParameterPercentile(2.5);
        var mid = fit.Bootstrap.ParameterPercentile(50);
        var hi = fit.Bootstrap.ParameterPercentile(97.5);
        for (var j = 0; j < lo.Length; j++) Assert.True(lo[j] <= mid[j] && mid[j] <= hi[j]);
        Assert.Equal(12, fit.BootstrapGains().Length);
    }

    [Fact]
    public void BootstrapStopsWhenCancelled()
    {
        var e = ExperimentCatalog.Paper.Get("compute_neuro");
        var fitter = ScalingLawFitter.For(e);
        var fit = fitter.Fit(PaperFixture.Data(e.Name));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => fitter.Bootstrap(fit, 1000, 42, null, cts.Token));
    }

    [Theory]
    [InlineData("model_convnext_behavior")] // shifted law, 750 starts: a well-defined best basin
    [InlineData("compute_chinchilla")]      // joint law, 4500 starts
    public void DistinctOptimaStartsReachTheFullGridsReplicateOptimum(string experiment)
    {
        var e = ExperimentCatalog.Paper.Get(experiment);
        var fitter = ScalingLawFitter.For(e);
        var fit = PaperFixture.Fit(experiment);
        var warm = (fitter with { BootstrapStarts = BootstrapStarts.DistinctOptima }).Bootstrap(fit, 3, seed: 42);
        var grid = (fitter with { BootstrapStarts = BootstrapStarts.FullGrid }).Bootstrap(fit, 3, seed: 42);
        for (var b = 0; b < 3; b++) Assert.Equal(grid.Losses[b], warm.Losses[b], grid.Losses[b] * 1e-6);
        // Auto picks the warm starts for a fit this size, and it is deterministic across thread counts.
        Assert.Equal(warm.Parameters, (fitter with { MaxDegreeOfParallelism = 1 }).Bootstrap(fit, 3, seed: 42).Parameters);
    }

    [Fact]
    public void DistinctOptimaAreOnePerBasinLowestLossFirst()
    {
        var fit = PaperFixture.Fit("model_convnext_behavior");
        var optima = ScalingLawFitter.DistinctOptima(fit, 16, 1e-3);
        Assert.InRange(optima.Length, 2, 16);
        Assert.Equal(fit.ParametersLse, optima[0]);
        // No two share their predictions; far fewer than the 750 end points.
        var x = fit.Data.X[0];
        for (var i = 0; i < optima.Length; i++)
        for (var j = 0; j < i; j++)
            Assert.Contains(Enumerable.Range(0, x.Length), k => Math.Abs(
                VvsNotebook.Fitting.Laws.ScalingLaw.LogLoss(fit.Form, optima[i], x[k]) - VvsNotebook.Fitting.Laws.ScalingLaw.LogLoss(fit.Form, optima[j], x[k])) > 1e-3);
    }

    [Fact]
    public void NumpyPercentileInterpolatesLinearly()
    {
        double[] v = [4, 1, 3, 2];
        Assert.Equal(1.075, Percentile.Of(v, 2.5), 12);
        Assert.Equal(2.5, Percentile.Of(v, 50), 12);
        Assert.Equal(3.925, Percentile.Of(v, 97.5), 12);
    }

    private sealed class SyncProgress(List<FitProgress> sink) : IProgress<FitProgress>
    {
        public void Report(FitProgress value) { lock (sink) sink.Add(value); }
    }
}
