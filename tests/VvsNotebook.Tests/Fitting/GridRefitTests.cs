using VvsNotebook.Experiments;
using VvsNotebook.Fitting;
using VvsNotebook.Fitting.Laws;

namespace VvsNotebook.Tests.Fitting;

/// <summary>From a fit to a refit with another grid in one line, and the grid carried by the fit and the cache.</summary>
public sealed class GridRefitTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vvs-gridcache-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void a_fit_records_its_grid_and_refitting_from_the_same_grid_gives_the_same_fit()
    {
        var fit = PaperFixture.Fit("compute_neuro");
        Assert.Equal(InitialGrid.Paper(LawForm.PowerLaw), fit.Grid);
        var again = fit.Refit(InitialGrid.Paper(LawForm.PowerLaw));
        Assert.Equal(fit.ParametersLse, again.ParametersLse);
        Assert.Equal(fit.Loss, again.Loss);
        Assert.Equal(fit.StartsAtBest, again.StartsAtBest);
    }

    [Fact]
    public void a_one_start_grid_ends_where_that_start_of_the_full_grid_ended()
    {
        var fit = PaperFixture.Fit("compute_neuro");
        foreach (var k in new[] { 0, 37, fit.BestStartIndex, 149 })
        {
            var start = fit.Grid!.Start(k);
            var one = fit.Refit(FormattableString.Invariant($"e={start[0]} a={start[1]} alpha={start[2]}"));
            Assert.Equal(1, one.Starts);
            Assert.Equal(fit.Outcomes[k].Parameters, one.ParametersLse);
            Assert.Equal(fit.Outcomes[k].Loss, one.Loss);
            Assert.True(one.Loss >= fit.Loss);
        }
    }

    [Fact]
    public void refit_keeps_the_bootstrap_count_and_seed_unless_told_otherwise()
    {
        var fit = PaperFixture.Fit("model_resnet_neuro");
        var booted = fit.Refit(fit.Grid!, bootstraps: 4, seed: 7);
        Assert.Equal((4, 7UL), (booted.Bootstrap!.Count, booted.Bootstrap.Seed));
        var coarse = booted.Refit("alpha=0.5,1");
        Assert.Equal((4, 7UL), (coarse.Bootstrap!.Count, coarse.Bootstrap.Seed));
        Assert.Equal(5 * 6 * 2, coarse.Starts);
        Assert.Null(booted.Refit("alpha=1", bootstraps: 0).Bootstrap);
        Assert.Throws<ArgumentOutOfRangeException>(() => fit.Refit(fit.Grid!, bootstraps: -1));
    }

    [Fact]
    public void with_grid_overrides_the_named_axes_of_the_experiments_grid_and_checks_a_whole_grid_at_once()
    {
        var fitter = ScalingLawFitter.For(ExperimentCatalog.Paper.Get("compute_neuro"));
        Assert.Equal(InitialGrid.Paper(LawForm.PowerLaw).With("alpha", 0.1, 0.2).With("e", 0), fitter.WithGrid("alpha=0.1,0.2 e=0").Grid);
        var e = Assert.Throws<ArgumentException>(() => fitter.WithGrid(InitialGrid.Parse("e=0 a=0")));
        Assert.Contains("e, a, alpha in that order", e.Message);
        Assert.Contains("no parameter 'beta'", Assert.Throws<ArgumentException>(() => fitter.WithGrid("beta=1")).Message);
    }

    [Fact]
    public void the_cache_keys_on_the_grid_and_gives_a_hit_back_with_its_grid()
    {
        var cache = new FitCache(_dir);
        var e = ExperimentCatalog.Paper.Get("model_resnet_neuro");
        var coarse = new InitialGrid(e.Fit.Init).With("e=0 a=0 alpha=1");
        var paper = ExperimentRunner.Run(e, PaperFixture.Table, bootstraps: 0, cache: cache);
        var computed = ExperimentRunner.Run(e, PaperFixture.Table, bootstraps: 0, cache: cache, grid: coarse);
        Assert.Equal(2, Directory.GetFiles(_dir, "*.json").Length);
        Assert.Equal((150, 1), (paper.Starts, computed.Starts));
        var hit = ExperimentRunner.Run(e, PaperFixture.Table, bootstraps: 0, cache: cache, grid: coarse);
        Assert.Equal(2, Directory.GetFiles(_dir, "*.json").Length);
        Assert.Equal(coarse, hit.Grid);
        Assert.Equal(computed.ParametersLse, hit.ParametersLse);
        // Read straight from the cache, without the runner, the entry still knows its grid.
        var key = FitCache.Key(ScalingLawFitter.For(e).WithGrid(coarse), PaperFixture.Data(e.Name), 0, 42);
        Assert.Equal(coarse, cache.TryGet(key, PaperFixture.Data(e.Name))!.Grid);
    }
}
