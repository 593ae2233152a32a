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
