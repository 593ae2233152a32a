using VvsNotebook.Experiments;
using VvsNotebook.Fitting.Bootstrap;
using VvsNotebook.Fitting.Laws;
using VvsNotebook.Fitting.Optimization;

namespace VvsNotebook.Fitting;

/// <summary>
/// Fits a scaling law the paper's way: BFGS from every point of an initialisation grid on the Huber loss of log
/// residuals in the LSE parametrisation; the lowest loss wins (ties go to the earliest start, as a stable sort of the
/// original's results would). Configure, then <see cref="Fit"/>; <see cref="Bootstrap"/> refits resamples.
/// </summary>
public sealed record ScalingLawFitter
{
    public LawForm Form { get; init; } = LawForm.PowerLaw;
    public double Delta { get; init; } = 1e-3;
    public InitialGrid? Grid { get; init; }
    public BfgsOptions Optimizer { get; init; } = new();
    /// <summary>Relative loss difference within which a start counts as having reached the best loss.</summary>
    public double BestLossTolerance { get; init; } = 1e-6;
    /// <summary>Threads used; null for all cores.</summary>
    public int? MaxDegreeOfParallelism { get; init; }
    /// <summary>Optional name carried into results (the experiment).</summary>
    public string? Name { get; init; }

    /// <summary>The grid in use (the paper's when none was set).</summary>
    public InitialGrid EffectiveGrid => Grid ?? InitialGrid.Paper(Form);

    /// <summary>A fitter configured by an experiment's <c>fit:</c> section.</summary>
    public static ScalingLawFitter For(Experiment experiment) => new()
    {
        Form = experiment.Fit.Form,
        Delta = experiment.Fit.Delta,
        Grid = new InitialGrid(experiment.Fit.Init),
        Name = experiment.Name,
    };

    /// <summary>Fits <paramref name="data"/>, running the starts in parallel.</summary>
    public ScalingLawFit Fit(FitData data, IProgress<FitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Validate(data);
        var grid = EffectiveGrid;
        var objective = new HuberLseObjective(Form, data.X, data.Y, Delta);
        var outcomes = new StartOutcome[grid.Count];
        var done = 0;
        Parallel.For(0, grid.Count, ParallelOptions(cancellationToken), i =>
        {
            outcomes[i] = RunStart(objective, grid, i);
            var d = Interlocked.Increment(ref done);
            if (progress is not null && (d % 50 == 0 || d == grid.Count)) progress.Report(new FitProgress("starts", d, grid.Count));
        });
        return Summarise(data, outcomes);
    }

    /// <summary>
    /// Refits <paramref name="resamples"/> bootstrap replicates of <paramref name="fit"/>'s data, drawn as numpy's
    /// <c>default_rng(seed).integers(0, n, size=(resamples, n))</c> so that replicate b uses the same rows as the
    /// original pipeline's. Replicates run in parallel; each runs the whole grid.
    /// </summary>
    public BootstrapResult Bootstrap(ScalingLawFit fit, int resamples, ulong seed = 42, IProgress<FitProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (resamples <= 0) throw new ArgumentOutOfRangeException(nameof(resamples), "The number of bootstrap resamples must be positive.");
        var data = fit.Data;
        var n = data.Count;
        var indices = Pcg64.DefaultRng(seed).Integers(0, n, checked(resamples * n));
        var grid = EffectiveGrid;
        var parameters = new double[resamples][];
        var losses = new double[resamples];
        var done = 0;
        Parallel.For(0, resamples, ParallelOptions(cancellationToken), () => new int[n], (b, state, counts) =>
        {
            // A resample repeats rows: fit each distinct row once, weighted by its count (same objective, ~1.6x fewer terms).
            Array.Clear(counts);
            for (var i = 0; i < n; i++) counts[indices[(long)b * n + i]]++;
            var distinct = Enumerable.Range(0, n).Where(i => counts[i] > 0).ToArray();
            var sample = data.Resample(distinct);
            var objective = new HuberLseObjective(Form, sample.X, sample.Y, Delta, distinct.Select(i => (double)counts[i]).ToArray());
            StartOutcome? best = null;
            for (var s = 0; s < grid.Count; s++)
            {
                if ((s & 63) == 0) cancellationToken.ThrowIfCancellationRequested();
                var o = RunStart(objective, grid, s);
                if (best is null || o.Loss < best.Loss || double.IsNaN(best.Loss) && !double.IsNaN(o.Loss)) best = o;
            }
            parameters[b] = best!.Parameters;
            losses[b] = best.Loss;
            var d = Interlocked.Increment(ref done);
            progress?.Report(new FitProgress("bootstraps", d, resamples));
            return counts;
        }, _ => { });
        return new BootstrapResult(Form, seed, parameters, losses);
    }

    private ParallelOptions ParallelOptions(CancellationToken ct) => new()
    {
        CancellationToken = ct,
        MaxDegreeOfParallelism = MaxDegreeOfParallelism ?? Environment.ProcessorCount,
    };

    private StartOutcome RunStart(HuberLseObjective objective, InitialGrid grid, int index)
    {
        var start = grid.Start(index);
        var r = Bfgs.Minimize(objective.Evaluate, start, Optimizer);
        return new StartOutcome(index, start, r.X, r.Value, r.Iterations, r.Status);
    }

    private void Validate(FitData data)
    {
        EffectiveGrid.Validate(Form);
        if (data.X.Count != Form.InputCount())
            throw new ArgumentException($"A {Form.Key()} fit takes {Form.InputCount()} input column(s); the data has {data.X.Count}.");
        if (!(Delta > 0)) throw new ArgumentOutOfRangeException(nameof(Delta), "The Huber delta must be positive.");
    }

    private ScalingLawFit Summarise(FitData data, StartOutcome[] outcomes)
    {
        var best = outcomes.Where(o => double.IsFinite(o.Loss)).MinBy(o => o.Loss)
                   ?? throw new InvalidOperationException($"{Name ?? "fit"}: no start reached a finite loss.");
        var tolerance = BestLossTolerance * Math.Max(Math.Abs(best.Loss), double.Epsilon);
        return new ScalingLawFit
        {
            Name = Name,
            Form = Form,
            Data = data,
            Delta = Delta,
            ParametersLse = best.Parameters,
            Loss = best.Loss,
            BestStart = best.Start,
            BestStartIndex = best.Index,
            Status = best.Status,
            Starts = outcomes.Length,
            StartsAtBest = outcomes.Count(o => o.Loss - best.Loss <= tolerance),
            Outcomes = outcomes,
        };
    }
}
