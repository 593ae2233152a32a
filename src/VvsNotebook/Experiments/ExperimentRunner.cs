using VvsNotebook.Data;
using VvsNotebook.Fitting;

namespace VvsNotebook.Experiments;

/// <summary>Runs an experiment end to end: filter the table, fit the grid, optionally bootstrap.</summary>
public static class ExperimentRunner
{
    /// <summary>
    /// Fits <paramref name="experiment"/> on <paramref name="table"/>. <paramref name="bootstraps"/> defaults to the
    /// experiment's count (0 skips the bootstrap); <paramref name="seed"/> to its seed. With a <paramref name="cache"/>,
    /// a fit finished before with the same data and settings (the grid included) is returned from it, and a new one is
    /// stored in it. <paramref name="grid"/> replaces the experiment's initialisation grid.
    /// </summary>
    public static ScalingLawFit Run(Experiment experiment, IEnumerable<ScoreRecord> table, int? bootstraps = null, ulong? seed = null,
        IProgress<FitProgress>? progress = null, CancellationToken cancellationToken = default, int? maxDegreeOfParallelism = null,
        FitCache? cache = null, InitialGrid? grid = null)
    {
        var data = experiment.Prepare(table);
        var fitter = ScalingLawFitter.For(experiment) with { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        if (grid is not null) fitter = fitter.WithGrid(grid);
        var n = bootstraps ?? experiment.Fit.Bootstraps;
        var s = seed ?? experiment.Fit.Seed;
        // The thread count is not part of the key: results do not depend on it.
        var key = cache is null ? null : FitCache.Key(fitter, data, n, s);
        // The key holds the grid and settings, so the hit was made by this fitter.
        if (key is not null && cache!.TryGet(key, data) is { } hit) return hit with { Fitter = fitter, Grid = fitter.EffectiveGrid };
        var fit = fitter.Fit(data, progress, cancellationToken);
        if (n > 0) fit = fit.WithBootstrap(fitter.Bootstrap(fit, n, s, progress, cancellationToken));
        if (key is not null) cache!.Put(key, fit);
        return fit;
    }
}
