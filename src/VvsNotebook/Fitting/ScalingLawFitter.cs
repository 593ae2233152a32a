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
    /// <summary>
    /// How a bootstrap replicate chooses its starts (default <see cref="BootstrapStarts.Auto"/>: the full grid for fits
    /// that are cheap anyway, otherwise the original fit's distinct optima plus its best grid points).
    /// </summary>
    public BootstrapStarts BootstrapStarts { get; init; } = BootstrapStarts.Auto;
    /// <summary>
    /// Under <see cref="BootstrapStarts.Auto"/>, replicates rerun the full grid while points x starts is at most this.
    /// Small fits need it: a resample of 4-7 points often has an exact fit reached only by runaway starts that the
    /// original data's optima do not lead to, and their full grid costs little.
    /// </summary>
    public int FullGridBootstrapBudget { get; init; } = 25_000;
    /// <summary>At most this many distinct optima (lowest loss first) seed each replicate.</summary>
    public int MaxBootstrapStarts { get; init; } = 16;
    /// <summary>
    /// Also start each replicate from the grid points of this many of the original fit's lowest-loss starts. Where the
    /// best "optimum" is a runaway along a flat valley (the shifted law's a ~ 250-400), the replicate's best is wherever
    /// the grid's best trajectory stops, which only rerunning that trajectory reproduces; an end point there has a
    /// near-zero gradient and barely moves.
    /// </summary>
    public int BootstrapGridStarts { get; init; } = 8;
    /// <summary>Largest difference in predicted log L (about a relative difference in L) for two end points to be one basin.</summary>
    public double BasinTolerance { get; init; } = 1e-3;

    /// <summary>The grid in use (the paper's when none was set).</summary>
    public InitialGrid EffectiveGrid => Grid ?? InitialGrid.Paper(Form);

    /// <summary>This fitter starting from <paramref name="grid"/> (checked against the form now, not at the fit).</summary>
    public ScalingLawFitter WithGrid(InitialGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        grid.Validate(Form);
        return this with { Grid = grid };
    }

    /// <summary>
    /// This fitter with the grid axes named in <paramref name="overrides"/> replaced and the others kept, e.g.
    /// <c>ScalingLawFitter.For(experiment).WithGrid("alpha=0.1,0.2 e=0")</c> (the text of <see cref="InitialGrid.With(string)"/>).
    /// </summary>
    public ScalingLawFitter WithGrid(string overrides) => WithGrid(EffectiveGrid.With(overrides));

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
    /// original pipeline's. Replicates run in parallel, each from the starts <see cref="BootstrapStarts"/> chooses.
    /// </summary>
    public BootstrapResult Bootstrap(ScalingLawFit fit, int resamples, ulong seed = 42, IProgress<FitProgress>? progress = null,
        CancellationToken cancellationToken = default) => Bootstrap(fit, resamples, seed, new BootstrapSlice(0, resamples), progress, cancellationToken);

    /// <summary>
    /// Replicates <paramref name="slice"/> of the <paramref name="resamples"/> that <see cref="Bootstrap(ScalingLawFit, int, ulong, IProgress{FitProgress}?, CancellationToken)"/>
    /// draws: each uses the rows it would there, so the slices of a split (e.g. one per cluster task) put together with
    /// <see cref="BootstrapResult.Concat"/> equal the whole bootstrap.
    /// </summary>
    public BootstrapResult Bootstrap(ScalingLawFit fit, int resamples, ulong seed, BootstrapSlice slice, IProgress<FitProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (resamples <= 0) throw new ArgumentOutOfRangeException(nameof(resamples), "The number of bootstrap resamples must be positive.");
        if (slice.First < 0 || slice.Count < 1 || slice.First + slice.Count > resamples)
            throw new ArgumentOutOfRangeException(nameof(slice), $"Replicates {slice.First} to {slice.First + slice.Count - 1} are not within the {resamples} resamples.");
        var data = fit.Data;
        var n = data.Count;
        var indices = Pcg64.DefaultRng(seed).Integers(0, n, checked(resamples * n));
        var grid = EffectiveGrid;
        var fullGrid = BootstrapStarts == BootstrapStarts.FullGrid || fit.Outcomes.Count == 0
                       || BootstrapStarts == BootstrapStarts.Auto && (long)n * grid.Count <= FullGridBootstrapBudget;
        var starts = fullGrid
            ? Enumerable.Range(0, grid.Count).Select(grid.Start).ToArray()
            : DistinctOptima(fit, MaxBootstrapStarts, BasinTolerance)
                .Concat(fit.Outcomes.Where(o => double.IsFinite(o.Loss)).OrderBy(o => o.Loss).ThenBy(o => o.Index)
                    .Take(BootstrapGridStarts).Select(o => o.Start))
                .ToArray();
        var parameters = new double[slice.Count][];
        var losses = new double[slice.Count];
        var done = 0;
        Parallel.For(0, slice.Count, ParallelOptions(cancellationToken), () => new int[n], (k, state, counts) =>
        {
            var b = slice.First + k;
            // A resample repeats rows: fit each distinct row once, weighted by its count (same objective, ~1.6x fewer terms).
            Array.Clear(counts);
            for (var i = 0; i < n; i++) counts[indices[(long)b * n + i]]++;
            var distinct = Enumerable.Range(0, n).Where(i => counts[i] > 0).ToArray();
            var sample = data.Resample(distinct);
            var objective = new HuberLseObjective(Form, sample.X, sample.Y, Delta, distinct.Select(i => (double)counts[i]).ToArray());
            StartOutcome? best = null;
            for (var s = 0; s < starts.Length; s++)
            {
                if ((s & 63) == 0) cancellationToken.ThrowIfCancellationRequested();
                var o = RunStart(objective, starts[s], s);
                if (best is null || o.Loss < best.Loss || double.IsNaN(best.Loss) && !double.IsNaN(o.Loss)) best = o;
            }
            parameters[k] = best!.Parameters;
            losses[k] = best.Loss;
            var d = Interlocked.Increment(ref done);
            progress?.Report(new FitProgress("bootstraps", d, slice.Count));
            return counts;
        }, _ => { });
        return new BootstrapResult(Form, seed, parameters, losses);
    }

    private ParallelOptions ParallelOptions(CancellationToken ct) => new()
    {
        CancellationToken = ct,
        MaxDegreeOfParallelism = MaxDegreeOfParallelism ?? Environment.ProcessorCount,
    };

    private StartOutcome RunStart(HuberLseObjective objective, InitialGrid grid, int index) => RunStart(objective, grid.Start(index), index);

    private StartOutcome RunStart(HuberLseObjective objective, double[] start, int index)
    {
        var r = Bfgs.Minimize(objective.Evaluate, start, Optimizer);
        return new StartOutcome(index, start, r.X, r.Value, r.Iterations, r.Status);
    }

    /// <summary>
    /// The end points of <paramref name="fit"/>'s starts, lowest loss first (ties: earliest start), keeping one per
    /// basin. Two end points are one basin when their predictions log L on the fitted points agree to
    /// <see cref="BasinTolerance"/>: comparing predictions rather than parameters also merges the many end points that
    /// runaway starts leave at different places along one flat valley (e.g. a ~ 400, alpha ~ 28), which parameters
    /// would keep apart. A resample moves each optimum only a little, so BFGS from these few points reaches the
    /// replicate's best at a fraction of the grid's cost.
    /// </summary>
    public static double[][] DistinctOptima(ScalingLawFit fit, int max, double basinTolerance)
    {
        var kept = new List<double[]>();
        foreach (var (k, basin) in EndPointBasins.Assign(fit, basinTolerance))
        {
            if (basin != kept.Count) continue; // a failure, or a basin already kept
            kept.Add(fit.Outcomes[k].Parameters);
            if (kept.Count == max) break;
        }
        return [.. kept];
    }

    private void Validate(FitData data)
    {
        EffectiveGrid.Validate(Form);
        if (data.X.Count != Form.InputCount())
            throw new ArgumentException($"A {Form.Key()} fit takes {Form.InputCount()} input column(s); the data has {data.X.Count}.");
        if (!(Delta > 0)) throw new ArgumentOutOfRangeException(nameof(Delta), "The Huber delta must be positive.");
        // With as many points as parameters a law passes through every point (loss 0): a fit of nothing.
        var k = Form.ParameterNames().Count;
        if (data.Count <= k)
            throw new ArgumentException($"{Name ?? "The fit"}: a {Form.Key()} law has {k} parameters, so it needs more than {k} points; the data has {data.Count}. " +
                "Check the experiment's filters, or add rows.");
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
            Grid = EffectiveGrid,
            Fitter = this,
        };
    }
}

/// <summary>Where a bootstrap replicate's optimiser starts.</summary>
public enum BootstrapStarts
{
    /// <summary><see cref="FullGrid"/> when the fit is small (see <see cref="ScalingLawFitter.FullGridBootstrapBudget"/>), else <see cref="DistinctOptima"/>.</summary>
    Auto,
    /// <summary>From the original fit's distinct end points (one per basin, lowest loss first) and its best grid points.</summary>
    DistinctOptima,
    /// <summary>From every point of the grid, as the original pipeline.</summary>
    FullGrid,
}
