using VvsNotebook.Data;
using VvsNotebook.Fitting;

namespace VvsNotebook.Experiments;

/// <summary>Runs an experiment end to end: filter the table, fit the grid, optionally bootstrap.</summary>
public static class ExperimentRunner
{
    /// <summary>
    /// Fits <paramref name="experiment"/> on <paramref name="table"/>. <paramref name="bootstraps"/> defaults to the
    /// experiment's count (0 skips the bootstrap); <paramref name="seed"/> to its seed.
    /// </summary>
    public static ScalingLawFit Run(Experiment experiment, IEnumerable<ScoreRecord> table, int? bootstraps = null, ulong? seed = null,
        IProgress<FitProgress>? progress = null, CancellationToken cancellationToken = default, int? maxDegreeOfParallelism = null)
    {
        var data = experiment.Prepare(table);
        var fitter = ScalingLawFitter.For(experiment) with { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        var fit = fitter.Fit(data, progress, cancellationToken);
        var n = bootstraps ?? experiment.Fit.Bootstraps;
        return n > 0 ? fit.WithBootstrap(fitter.Bootstrap(fit, n, seed ?? experiment.Fit.Seed, progress, cancellationToken)) : fit;
    }
}
