using VvsNotebook.Experiments;
using VvsNotebook.Fitting;

namespace VvsNotebook.Tests.Fitting;

public sealed class FitCacheTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vvs-fitcache-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void ACachedFitEqualsTheComputedOne()
    {
        var cache = new FitCache(_dir);
        var e = ExperimentCatalog.Paper.Get("simclr_neuro");
        var computed = ExperimentRunner.Run(e, PaperFixture.Table, bootstraps: 6, cache: cache);
        Assert.Single(Directory.GetFiles(_dir, "*.json"));
        var cached = ExperimentRunner.Run(e, PaperFixture.Table, bootstraps: 6, cache: cache);
        Assert.NotSame(computed, cached);
        Assert.Equal(computed.ParametersLse, cached.ParametersLse);
        Assert.Equal(computed.Loss, cached.Loss);
        Assert.Equal(computed.BestStart, cached.BestStart);
        Assert.Equal(computed.StartsAtBest, cached.StartsAtBest);
        Assert.Equal(computed.Outcomes.Count, cached.Outcomes.Count);
        Assert.Equal(computed.Outcomes.Select(o => o.Loss), cached.Outcomes.Select(o => o.Loss));
        Assert.Equal(computed.Bootstrap!.Parameters, cached.Bootstrap!.Parameters);
        Assert.Equal(computed.Bootstrap.Losses, cached.Bootstrap.Losses);
        Assert.Equal(computed.Bootstrap.Seed, cached.Bootstrap.Seed);
        Assert.Equal(computed.Law, cached.Law);
        Assert.Equal(1, cache.Clear());
        Assert.Empty(Directory.GetFiles(_dir, "*.json"));
    }

    [Fact]
    public void AChangeInAnyKeyPartMisses()
    {
        var e = ExperimentCatalog.Paper.Get("simclr_neuro");
        var fitter = ScalingLawFitter.For(e);
        var data = PaperFixture.Data(e.Name);
        var key = FitCache.Key(fitter, data, 1000, 42);
        Assert.Equal(key, FitCache.Key(fitter with { MaxDegreeOfParallelism = 1 }, data, 1000, 42)); // threads do not matter
        var y = data.Y.ToArray();
        y[3] *= 1 + 1e-12;
        var axes = fitter.EffectiveGrid.Axes.ToArray();
        axes[0] = new(axes[0].Key, [.. axes[0].Value, 2.0]);
        string[] others =
        [
            FitCache.Key(fitter, data with { Y = y }, 1000, 42),
            FitCache.Key(fitter, data with { XScale = [data.XScale[0] * 10] }, 1000, 42),
            FitCache.Key(fitter, data with { Labels = data.Labels.Reverse().ToArray() }, 1000, 42),
            FitCache.Key(fitter, data, 999, 42),
            FitCache.Key(fitter, data, 1000, 43),
            FitCache.Key(fitter, data, 0, 42),
            FitCache.Key(fitter with { Delta = 1e-2 }, data, 1000, 42),
            FitCache.Key(fitter with { Grid = new InitialGrid(axes) }, data, 1000, 42),
            FitCache.Key(fitter with { Form = VvsNotebook.Fitting.Laws.LawForm.PowerLawShift }, data, 1000, 42),
            FitCache.Key(fitter with { BootstrapStarts = BootstrapStarts.FullGrid }, data, 1000, 42),
            FitCache.Key(fitter with { Optimizer = new() { GradientTolerance = 1e-6 } }, data, 1000, 42),
            FitCache.Key(fitter with { Name = "other" }, data, 1000, 42),
        ];
        Assert.DoesNotContain(key, others);
        Assert.Equal(others.Length, others.Distinct().Count());
        // Without resamples the seed does not enter the key.
        Assert.Equal(FitCache.Key(fitter, data, 0, 42), FitCache.Key(fitter, data, 0, 7));
    }

    [Fact]
    public void ADamagedEntryIsAMissAndIsOverwritten()
    {
        var cache = new FitCache(_dir);
        var e = ExperimentCatalog.Paper.Get("simclr_neuro");
        var data = PaperFixture.Data(e.Name);
        var key = FitCache.Key(ScalingLawFitter.For(e), data, 0, 42);
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, key + ".json"), "{ not json");
        Assert.Null(cache.TryGet(key, data));
        var fit = ExperimentRunner.Run(e, PaperFixture.Table, bootstraps: 0, cache: cache);
        Assert.Equal(fit.Loss, cache.TryGet(key, data)!.Loss);
    }
}
