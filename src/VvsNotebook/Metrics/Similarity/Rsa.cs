using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using VvsNotebook.Display;
using VvsNotebook.Metrics.Numerics;
using VvsNotebook.Metrics.Statistics;

namespace VvsNotebook.Metrics.Similarity;

/// <summary>How two RDMs are compared.</summary>
public enum RdmComparison { Spearman, Pearson, Kendall }

/// <summary>
/// Representational similarity analysis: correlation between two RDMs, a permutation test over stimulus labels,
/// partial Spearman RSA controlling a covariate RDM (e.g. pixel similarity) and a bootstrap over stimuli.
/// </summary>
public sealed record Rsa(RdmComparison Comparison = RdmComparison.Spearman)
{
    public double Compare(Rdm a, Rdm b)
    {
        CheckPair(a, b);
        return Comparison switch
        {
            RdmComparison.Spearman => Correlation.Spearman(a.Condensed, b.Condensed, "the two RDMs"),
            RdmComparison.Pearson => Correlation.Pearson(a.Condensed, b.Condensed, "the two RDMs"),
            _ => Correlation.KendallTauB(a.Condensed, b.Condensed, "the two RDMs"),
        };
    }

    /// <summary>
    /// One-sided permutation test: the stimulus labels of <paramref name="model"/> are permuted with
    /// <c>np.random.RandomState(seed).permutation(n)</c> draws, and p = (1 + #{null &gt;= observed}) / (1 + permutations).
    /// </summary>
    public RsaTestResult PermutationTest(Rdm model, Rdm brain, int permutations = 10_000, uint seed = 0,
        CancellationToken cancellationToken = default, IProgress<int>? progress = null)
    {
        CheckPair(model, brain);
        if (permutations < 1) throw new ArgumentOutOfRangeException(nameof(permutations), "At least one permutation is needed.");
        var observed = Compare(model, brain);
        var perms = DrawPermutations(model.Count, permutations, seed);
        double[] nulls;
        if (Comparison == RdmComparison.Kendall)
        {
            nulls = new double[permutations];
            Parallel.For(0, permutations, new ParallelOptions { CancellationToken = cancellationToken }, k =>
                nulls[k] = Correlation.KendallTauB(Permute(model, perms[k]), brain.Condensed));
        }
        else
        {
            var a = Standardized(Comparison == RdmComparison.Spearman ? Correlation.Ranks(model.Condensed) : model.Condensed, "model RDM");
            var b = Standardized(Comparison == RdmComparison.Spearman ? Correlation.Ranks(brain.Condensed) : brain.Condensed, "brain RDM");
            nulls = PermutedDots(Rdm.Square(a, model.Count).Values, model.Count, [b], perms, cancellationToken, progress)[0];
        }
        var exceed = nulls.Count(v => v >= observed - 1e-12);
        return new RsaTestResult(observed, (1.0 + exceed) / (1.0 + permutations), nulls, Comparison.ToString());
    }

    /// <summary>
    /// Pairwise comparison of two model RDMs against one brain RDM: Δρ = ρ(A, brain) − ρ(B, brain) with a two-sided
    /// stimulus-label permutation p-value. The brain RDM's labels are permuted with the draws of
    /// <see cref="DrawPermutations"/> (the convention of <see cref="PermutationTest"/>), both models are compared with
    /// each permuted brain, and p = (1 + #{|Δ_null| &gt;= |Δ|}) / (1 + permutations).
    /// </summary>
    /// <remarks>
    /// The null is the brain RDM with exchangeable stimulus labels, as in the learning-rule study this serves: a small
    /// p says the difference is larger than label noise makes it, not that ρ(A) ≠ ρ(B) in the population of stimuli
    /// (for that, compare <see cref="Bootstrap"/> intervals). Kendall is not supported: it has no dot-product form.
    /// </remarks>
    public RsaComparisonResult CompareModels(Rdm modelA, Rdm modelB, Rdm brain, int permutations = 10_000, uint seed = 0,
        string nameA = "A", string nameB = "B", CancellationToken cancellationToken = default, IProgress<int>? progress = null)
    {
        CheckPair(modelA, brain); CheckPair(modelB, brain);
        if (permutations < 1) throw new ArgumentOutOfRangeException(nameof(permutations), "At least one permutation is needed.");
        if (Comparison == RdmComparison.Kendall)
            throw new NotSupportedException("CompareModels supports Spearman and Pearson RSA; use new Rsa(RdmComparison.Spearman).");
        var rhoA = Compare(modelA, brain); var rhoB = Compare(modelB, brain);
        var spearman = Comparison == RdmComparison.Spearman;
        var a = Standardized(spearman ? Correlation.Ranks(modelA.Condensed) : modelA.Condensed, $"model RDM {nameA}");
        var b = Standardized(spearman ? Correlation.Ranks(modelB.Condensed) : modelB.Condensed, $"model RDM {nameB}");
        var p = Standardized(spearman ? Correlation.Ranks(brain.Condensed) : brain.Condensed, "brain RDM");
        var perms = DrawPermutations(brain.Count, permutations, seed);
        // Relabelling one side of a dot product is the same whichever side moves, so the brain is the permuted square.
        var dots = PermutedDots(Rdm.Square(p, brain.Count).Values, brain.Count, [a, b], perms, cancellationToken, progress);
        var nulls = new double[permutations];
        for (var k = 0; k < permutations; k++) nulls[k] = dots[0][k] - dots[1][k];
        var observed = rhoA - rhoB;
        var exceed = nulls.Count(v => Math.Abs(v) >= Math.Abs(observed) - 1e-12);
        return new RsaComparisonResult(nameA, nameB, rhoA, rhoB, observed, (1.0 + exceed) / (1.0 + permutations), nulls, Comparison.ToString());
    }

    /// <summary>Partial Spearman correlation of two RDMs controlling a covariate RDM.</summary>
    public static double PartialSpearman(Rdm model, Rdm brain, Rdm covariate)
    {
        CheckPair(model, brain); CheckPair(model, covariate);
        var ra = Correlation.Ranks(model.Condensed); var rb = Correlation.Ranks(brain.Condensed); var rc = Correlation.Ranks(covariate.Condensed);
        return Partial(Correlation.Pearson(ra, rb, "model and brain RDMs"), Correlation.Pearson(ra, rc, "model and covariate RDMs"),
            Correlation.Pearson(rb, rc, "brain and covariate RDMs"));
    }

    /// <summary>Permutation test of the partial Spearman RSA, permuting the model RDM's stimulus labels.</summary>
    public static RsaTestResult PartialPermutationTest(Rdm model, Rdm brain, Rdm covariate, int permutations = 10_000, uint seed = 0,
        CancellationToken cancellationToken = default, IProgress<int>? progress = null)
    {
        var observed = PartialSpearman(model, brain, covariate);
        var a = Standardized(Correlation.Ranks(model.Condensed), "model RDM");
        var b = Standardized(Correlation.Ranks(brain.Condensed), "brain RDM");
        var c = Standardized(Correlation.Ranks(covariate.Condensed), "covariate RDM");
        var rbc = TensorPrimitives.Dot(b, c);
        var perms = DrawPermutations(model.Count, permutations, seed);
        var dots = PermutedDots(Rdm.Square(a, model.Count).Values, model.Count, [b, c], perms, cancellationToken, progress);
        var nulls = new double[permutations];
        for (var k = 0; k < permutations; k++) nulls[k] = Partial(dots[0][k], dots[1][k], rbc);
        var exceed = nulls.Count(v => v >= observed - 1e-12);
        return new RsaTestResult(observed, (1.0 + exceed) / (1.0 + permutations), nulls, "partial Spearman");
    }

    /// <summary>
    /// Bootstrap over stimuli: resample stimuli with replacement and recompare on the pairs of distinct stimuli.
    /// </summary>
    public RsaBootstrapResult Bootstrap(Rdm model, Rdm brain, int resamples = 1000, uint seed = 0, double confidence = 0.95,
        CancellationToken cancellationToken = default)
    {
        CheckPair(model, brain);
        var n = model.Count;
        var rng = new NumpyRandomState(seed);
        var draws = Enumerable.Range(0, resamples).Select(_ => Enumerable.Range(0, n).Select(_ => (int)rng.RandomInterval(n - 1)).ToArray()).ToArray();
        var sa = model.ToSquare(); var sb = brain.ToSquare();
        var values = new double[resamples];
        Parallel.For(0, resamples, new ParallelOptions { CancellationToken = cancellationToken }, k =>
        {
            var d = draws[k];
            var xa = new List<double>(); var xb = new List<double>();
            for (var i = 0; i < n; i++)
                for (var j = i + 1; j < n; j++)
                    if (d[i] != d[j]) { xa.Add(sa[d[i], d[j]]); xb.Add(sb[d[i], d[j]]); }
            values[k] = Compare(new Rdm(0, xa.ToArray()), new Rdm(0, xb.ToArray()), skipCheck: true);
        });
        Array.Sort(values);
        // numpy's linear percentile, the one rule of every interval in the project (fit bootstraps too).
        var lo = Fitting.Percentile.OfSorted(values, 100 * (1 - confidence) / 2);
        var hi = Fitting.Percentile.OfSorted(values, 100 * (1 - (1 - confidence) / 2));
        return new RsaBootstrapResult(Compare(model, brain), values.Average(), Math.Sqrt(values.Select(v => (v - values.Average()) * (v - values.Average())).Sum() / (resamples - 1)), lo, hi, confidence, values);
    }

    private double Compare(Rdm a, Rdm b, bool skipCheck) => skipCheck
        ? Comparison switch
        {
            RdmComparison.Spearman => Correlation.Spearman(a.Condensed, b.Condensed, "bootstrap RDMs"),
            RdmComparison.Pearson => Correlation.Pearson(a.Condensed, b.Condensed, "bootstrap RDMs"),
            _ => Correlation.KendallTauB(a.Condensed, b.Condensed, "bootstrap RDMs"),
        }
        : Compare(a, b);

    /// <summary>The permutations numpy's <c>RandomState(seed)</c> draws with successive <c>permutation(n)</c> calls.</summary>
    public static int[][] DrawPermutations(int n, int count, uint seed)
    {
        var rng = new NumpyRandomState(seed);
        var res = new int[count][];
        for (var k = 0; k < count; k++) res[k] = rng.Permutation(n);
        return res;
    }

    private static double Partial(double rab, double rac, double rbc)
    {
        var den = Math.Sqrt((1 - rac * rac) * (1 - rbc * rbc));
        if (!(den > 0)) throw new ArgumentException("The covariate RDM is perfectly correlated with one of the RDMs; the partial correlation is undefined.");
        return (rab - rac * rbc) / den;
    }

    private static double[] Permute(Rdm rdm, int[] perm)
    {
        var n = rdm.Count;
        var sq = rdm.ToSquare();
        var res = new double[rdm.Condensed.Length];
        var k = 0;
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++) res[k++] = sq[perm[i], perm[j]];
        return res;
    }

    /// <summary>Centered and scaled to unit norm, so a Pearson correlation is a dot product.</summary>
    private static double[] Standardized(double[] v, string what)
    {
        var res = (double[])v.Clone();
        TensorPrimitives.Subtract(res, TensorPrimitives.Sum(res) / res.Length, res);
        var norm = TensorPrimitives.Norm(res);
        if (norm == 0) throw new ArgumentException($"The {what} is constant; its correlation is undefined.");
        TensorPrimitives.Divide(res, norm, res);
        return res;
    }

    /// <summary>
    /// For each permutation π and each fixed condensed vector f: Σ_{i&lt;j} P[π_i, π_j] f_ij, with P the permuted
    /// RDM in square form. Means and norms do not change under relabelling, so these dots are the null correlations.
    /// </summary>
    private static double[][] PermutedDots(double[] squareP, int n, double[][] fixedVectors, int[][] perms,
        CancellationToken ct, IProgress<int>? progress)
    {
        var res = fixedVectors.Select(_ => new double[perms.Length]).ToArray();
        var done = 0;
        Parallel.For(0, perms.Length, new ParallelOptions { CancellationToken = ct }, k =>
        {
            var pi = perms[k];
            var sums = new double[fixedVectors.Length];
            var offset = 0;
            ref var pBase = ref MemoryMarshal.GetArrayDataReference(squareP);
            for (var i = 0; i < n - 1; i++)
            {
                var rowStart = pi[i] * n; // square form is symmetric, so column pi[i] is row pi[i]
                var len = n - 1 - i;
                for (var f = 0; f < fixedVectors.Length; f++)
                {
                    var fv = fixedVectors[f];
                    double s = 0;
                    for (var t = 0; t < len; t++)
                        s += System.Runtime.CompilerServices.Unsafe.Add(ref pBase, rowStart + pi[i + 1 + t]) * fv[offset + t];
                    sums[f] += s;
                }
                offset += len;
            }
            for (var f = 0; f < fixedVectors.Length; f++) res[f][k] = sums[f];
            var d = Interlocked.Increment(ref done);
            if (progress is not null && d % 100 == 0) progress.Report(d);
        });
        return res;
    }

    private static void CheckPair(Rdm a, Rdm b)
    {
        if (a.Count != b.Count || a.Condensed.Length != b.Condensed.Length)
            throw new ArgumentException($"RDMs over different stimulus sets cannot be compared ({a.Count} vs {b.Count} stimuli).");
        Guard.Finite(a.Condensed, "RDM"); Guard.Finite(b.Condensed, "RDM");
    }
}

/// <summary>An RSA value with its permutation p-value and null distribution.</summary>
public sealed record RsaTestResult(double Observed, double PValue, IReadOnlyList<double> Null, string Comparison) : IMimeRenderable
{
    public IReadOnlyDictionary<string, string> ToMimeBundle() => MetricTable.Fields($"RSA ({Comparison}) permutation test",
        ("observed", MetricTable.Num(Observed)), ("p (one-sided)", MetricTable.Num(PValue)), ("permutations", Null.Count.ToString()),
        ("null mean", MetricTable.Num(Null.Average())));
}

/// <summary>Two models' RSA with one brain RDM, their difference and its two-sided permutation p-value.</summary>
public sealed record RsaComparisonResult(string NameA, string NameB, double RhoA, double RhoB, double Difference, double PValue,
    IReadOnlyList<double> Null, string Comparison) : IMimeRenderable
{
    public IReadOnlyDictionary<string, string> ToMimeBundle() => MetricTable.Fields($"RSA ({Comparison}) {NameA} vs {NameB}",
        ($"rho {NameA}", MetricTable.Num(RhoA)), ($"rho {NameB}", MetricTable.Num(RhoB)), ("difference", MetricTable.Num(Difference)),
        ("p (two-sided)", MetricTable.Num(PValue)), ("permutations", Null.Count.ToString()));
}

/// <summary>A bootstrap distribution of an RSA value over stimuli.</summary>
public sealed record RsaBootstrapResult(double Observed, double Mean, double StandardError, double Lower, double Upper, double Confidence,
    IReadOnlyList<double> Values) : IMimeRenderable
{
    public IReadOnlyDictionary<string, string> ToMimeBundle() => MetricTable.Fields("RSA bootstrap over stimuli",
        ("observed", MetricTable.Num(Observed)), ("bootstrap mean", MetricTable.Num(Mean)), ("standard error", MetricTable.Num(StandardError)),
        ($"{Confidence:P0} interval", $"[{MetricTable.Num(Lower)}, {MetricTable.Num(Upper)}]"), ("resamples", Values.Count.ToString()));
}
