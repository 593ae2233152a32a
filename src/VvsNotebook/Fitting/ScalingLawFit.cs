using VvsNotebook.Fitting.Allocation;
using VvsNotebook.Fitting.Bootstrap;
using VvsNotebook.Fitting.Laws;
using VvsNotebook.Fitting.Optimization;

namespace VvsNotebook.Fitting;

/// <summary>
/// A fitted scaling law: the winning LSE parameters (e, a, alpha, ...) and their natural form (S_hat = 1 - E, A, alpha,
/// lambda, B, beta), the loss, the winning start and how many starts reached the same loss, and optionally its
/// bootstrap. Predicts S at new inputs (raw units) and scores R^2. Plain data: its figure is <c>fit.Plot()</c>
/// (<c>VvsNotebook.Figures.FitPlots</c>) and notebooks render it through the notebook layer's formatters.
/// </summary>
public sealed record ScalingLawFit
{
    public string? Name { get; init; }
    public required LawForm Form { get; init; }
    public required FitData Data { get; init; }
    public double Delta { get; init; } = 1e-3;
    /// <summary>Winning parameters in LSE form, in the paper code's order.</summary>
    public required double[] ParametersLse { get; init; }
    public required double Loss { get; init; }
    public required double[] BestStart { get; init; }
    public int BestStartIndex { get; init; }
    public BfgsStatus Status { get; init; }
    public int Starts { get; init; }
    /// <summary>Starts whose final loss is within the fitter's tolerance of the best: a landscape summary.</summary>
    public int StartsAtBest { get; init; }
    /// <summary>Every start's end point (not rendered; for landscape studies).</summary>
    public IReadOnlyList<StartOutcome> Outcomes { get; init; } = [];
    public BootstrapResult? Bootstrap { get; init; }
    /// <summary>The starts' grid (null only for a fit read back from an old cache entry).</summary>
    public InitialGrid? Grid { get; init; }
    /// <summary>The settings that made this fit, for <see cref="Refit(InitialGrid, int?, ulong?, IProgress{FitProgress}?, CancellationToken)"/>; null when unknown.</summary>
    public ScalingLawFitter? Fitter { get; init; }

    public IReadOnlyList<string> ParameterNames => Form.ParameterNames();

    /// <summary>Why this fit's numbers may mislead (<see cref="FitWarnings"/>); empty for a well-behaved fit.</summary>
    public IReadOnlyList<string> Warnings => FitWarnings.Of(this);
    public double E => Math.Exp(ParametersLse[0]);
    /// <summary>Saturation S_hat = 1 - E (the alignment the law approaches).</summary>
    public double SHat => 1 - E;
    public double A => Math.Exp(ParametersLse[1]);
    public double Alpha => ParametersLse[Form == LawForm.PowerLawShift ? 3 : 2];
    public double? Lambda => Form == LawForm.PowerLawShift ? ParametersLse[2] : null;
    public double? B => Form == LawForm.Chinchilla ? Math.Exp(ParametersLse[3]) : null;
    public double? Beta => Form == LawForm.Chinchilla ? ParametersLse[4] : null;
    /// <summary>Alignment gain A 10^-alpha (Fig. 5b): the law's drop in L from X = 1 to X = 10 scaled units' worth of slope.</summary>
    public double Gain => GainOf(ParametersLse);
    /// <summary>The law as text, e.g. <c>S = 0.48 - 0.55 C^-0.16</c>.</summary>
    public string Law => LawText.Plain(this);
    public string LawLatex => LawText.Latex(this);

    /// <summary>Compute-optimal allocation (joint law with a compute column only).</summary>
    public ComputeAllocation? Allocation => Form == LawForm.Chinchilla && Data.Compute is { } c
        ? ComputeAllocation.Compute(A, Alpha, B!.Value, Beta!.Value, Data.X[0], Data.X[1],
            c.Select(v => v / (Data.XScale[0] * Data.XScale[1])).ToArray(), Data.XScale[0], Data.XScale[1])
        : null;

    internal static double GainOf(double[] lse) => Math.Exp(lse[1]) * Math.Pow(10, -(lse.Length == 4 ? lse[3] : lse[2]));

    /// <summary>Predicted S (or L when the fit was not inverted) at raw input <paramref name="x"/> (e.g. FLOPs).</summary>
    public double Predict(double x)
    {
        if (Form == LawForm.Chinchilla) throw new InvalidOperationException("The joint law needs N and D: call Predict(n, d).");
        return ToTarget(ScalingLaw.Loss(Form, ParametersLse, x / Data.XScale[0]));
    }

    /// <summary>Predicted S at raw N and D (joint law).</summary>
    public double Predict(double n, double d)
    {
        if (Form != LawForm.Chinchilla) throw new InvalidOperationException($"A {Form.Key()} law takes one input: call Predict(x).");
        return ToTarget(ScalingLaw.Loss(Form, ParametersLse, n / Data.XScale[0], d / Data.XScale[1]));
    }

    /// <summary>Predicted S for every row of <paramref name="data"/> (already scaled, like <see cref="Data"/>).</summary>
    public double[] Predict(FitData data) => Enumerable.Range(0, data.Count)
        .Select(i => ToTarget(ScalingLaw.Loss(Form, ParametersLse, data.X[0][i], data.X.Count > 1 ? data.X[1][i] : double.NaN))).ToArray();

    /// <summary>R^2 of S on <paramref name="data"/> (default: the fitted data), as scikit-learn's <c>score</c>.</summary>
    public double Score(FitData? data = null)
    {
        data ??= Data;
        var predicted = Predict(data);
        var actual = data.Y.Select(ToTarget).ToArray();
        var mean = actual.Average();
        var ssRes = actual.Zip(predicted, (a, p) => (a - p) * (a - p)).Sum();
        var ssTot = actual.Sum(a => (a - mean) * (a - mean));
        return 1 - ssRes / ssTot;
    }

    /// <summary>
    /// Fits the same data with the same settings from <paramref name="grid"/> instead, e.g.
    /// <c>fit.Refit(fit.Grid!.With("alpha", 0.1, 0.2))</c>. <paramref name="bootstraps"/> and <paramref name="seed"/>
    /// default to this fit's, so the two bands compare replicate by replicate.
    /// </summary>
    public ScalingLawFit Refit(InitialGrid grid, int? bootstraps = null, ulong? seed = null, IProgress<FitProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var fitter = (Fitter ?? new ScalingLawFitter { Form = Form, Delta = Delta, Name = Name }).WithGrid(grid);
        var n = bootstraps ?? Bootstrap?.Count ?? 0;
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(bootstraps), "The number of bootstrap resamples must be 0 or more.");
        var fit = fitter.Fit(Data, progress, cancellationToken);
        return n == 0 ? fit : fit.WithBootstrap(fitter.Bootstrap(fit, n, seed ?? Bootstrap?.Seed ?? 42, progress, cancellationToken));
    }

    /// <summary>
    /// <see cref="Refit(InitialGrid, int?, ulong?, IProgress{FitProgress}?, CancellationToken)"/> from this fit's grid with the axes
    /// named in <paramref name="gridOverrides"/> replaced, e.g. <c>fit.Refit("alpha=0.1,0.2 e=0")</c>.
    /// </summary>
    public ScalingLawFit Refit(string gridOverrides, int? bootstraps = null, ulong? seed = null, IProgress<FitProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        Refit((Grid ?? Fitter?.EffectiveGrid ?? InitialGrid.Paper(Form)).With(gridOverrides), bootstraps, seed, progress, cancellationToken);

    /// <summary>Where every start ended: starts at the best loss, the distinct optima, failures, and a figure of them.</summary>
    public FitLandscape Landscape() => FitLandscape.Of(this);

    /// <summary>This fit with its bootstrap attached.</summary>
    public ScalingLawFit WithBootstrap(BootstrapResult bootstrap) => this with { Bootstrap = bootstrap };

    /// <summary>
    /// Pointwise percentile band of S over the bootstrap's curves along <paramref name="xRaw"/>, as the paper's figures
    /// (replicates whose E or A overflow are dropped first, as the original did).
    /// </summary>
    public ConfidenceBand Band(IReadOnlyList<double> xRaw, double level = 95)
    {
        var boot = Bootstrap ?? throw new InvalidOperationException("No bootstrap: run ScalingLawFitter.Bootstrap and WithBootstrap first.");
        if (Form == LawForm.Chinchilla) throw new InvalidOperationException("Use FrontierBand for the joint law.");
        var reps = boot.FiniteReplicates().ToArray();
        return ConfidenceBand.Pointwise(xRaw, reps.Length, (r, k) => ToTarget(ScalingLaw.Loss(Form, reps[r], xRaw[k] / Data.XScale[0])), level);
    }

    /// <summary>S along the compute-optimal frontier at raw compute <paramref name="flops"/> (joint law; Eq. 9's G).</summary>
    public double PredictOnFrontier(double flops) => this.Frontier().Predict(flops);

    /// <summary>
    /// Band of S along each replicate's own compute-optimal frontier (m and n fixed from the data), as Fig. 4a, with
    /// Eq. 9's G; replicates without a frontier are left out (<see cref="ComputeFrontier.Band"/>).
    /// </summary>
    public ConfidenceBand FrontierBand(IReadOnlyList<double> flops, double level = 95) => this.Frontier().Band(flops, level);

    /// <summary>Bootstrap gains A 10^-alpha per finite replicate.</summary>
    public double[] BootstrapGains() => Bootstrap?.FiniteReplicates().Select(GainOf).ToArray() ?? [];

    /// <summary><c>numpy.geomspace</c>.</summary>
    public static double[] Geomspace(double start, double stop, int count)
    {
        if (count == 1) return [start];
        double l0 = Math.Log10(start), l1 = Math.Log10(stop);
        var r = Enumerable.Range(0, count).Select(i => Math.Pow(10, l0 + (l1 - l0) * i / (count - 1))).ToArray();
        r[0] = start;
        r[^1] = stop;
        return r;
    }

    private double ToTarget(double loss) => Data.InvertedY ? 1 - loss : loss;

    /// <summary>
    /// Parameter rows: the LSE parameter and its natural form (e -> S_hat = 1 - E, a -> A, b -> B; exponents as they
    /// are), each with its bootstrap 95% interval in its own units. The natural interval is the percentiles of the
    /// replicates' natural values, not transformed LSE bounds: S_hat falls as e rises, so its bounds swap.
    /// </summary>
    public IReadOnlyList<FitParameter> ParameterTable()
    {
        var replicates = Bootstrap?.Parameters;
        return ParameterNames.Select((n, j) =>
        {
            Func<double, double> toNatural = n switch
            {
                "e" => v => 1 - Math.Exp(v),
                "a" or "b" => Math.Exp,
                _ => v => v,
            };
            var natural = n switch { "e" => "S_hat = 1 - E", "a" => "A", "b" => "B", _ => n };
            (double, double)? Interval(Func<double, double> f) => replicates is null
                ? null
                : (Percentile.Of(replicates.Select(p => f(p[j])), 2.5), Percentile.Of(replicates.Select(p => f(p[j])), 97.5));
            return new FitParameter(n, ParametersLse[j], Interval(v => v), natural, toNatural(ParametersLse[j]), Interval(toNatural));
        }).ToArray();
    }

    public override string ToString() => $"{(Name is null ? "" : Name + ": ")}{Law}  (n = {Data.Count}, loss = {Loss:G6}, " +
                                         $"{StartsAtBest}/{Starts} starts at best)";
}

/// <summary>
/// One fitted parameter: its LSE name and value with the bootstrap 95% interval in LSE units, and its natural form
/// with the interval in natural units (intervals null without a bootstrap).
/// </summary>
public sealed record FitParameter(string Lse, double Value, (double Low, double High)? LseInterval,
    string Natural, double NaturalValue, (double Low, double High)? NaturalInterval);
