using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Display;
using VvsNotebook.Metrics.Numerics;
using VvsNotebook.Metrics.Statistics;

namespace VvsNotebook.Metrics.Behavior;

/// <summary>
/// Match-to-sample trials of a behavioural assembly: on each trial image <c>Image</c> (whose true object is the
/// sample) was shown with distractor object <c>Distractor</c>, and the subject chose <c>Choice</c>. Objects are
/// indices into the object list shared with the model's probability columns.
/// </summary>
public sealed record BehavioralTrials(IReadOnlyList<int> Image, IReadOnlyList<int> Distractor, IReadOnlyList<int> Choice)
{
    public int Count => Image.Count;

    public BehavioralTrials Subset(IReadOnlyList<int> idx) =>
        new(idx.Select(i => Image[i]).ToArray(), idx.Select(i => Distractor[i]).ToArray(), idx.Select(i => Choice[i]).ToArray());
}

/// <summary>
/// Rajalingham et al. 2018 i2n as in Brain-Score: image-by-distractor d' (clipped at ±5), normalised by subtracting
/// the object mean, Pearson-correlated with human d'. Two trial halves are drawn with numpy's
/// <c>RandomState(0).shuffle</c>; the score of each half is divided by the square root of the human split-half
/// consistency (no Spearman-Brown), and the two are averaged.
/// </summary>
public sealed record I2n(double DprimeCap = 5, uint Seed = 0, int Repetitions = 2)
{
    /// <param name="modelProbabilities">Images x objects choice probabilities.</param>
    /// <param name="truth">True object index of each image.</param>
    /// <param name="human">Human trials on the same images.</param>
    public I2nScore Score(Matrix<double> modelProbabilities, IReadOnlyList<int> truth, BehavioralTrials human)
    {
        var n = modelProbabilities.RowCount; var k = modelProbabilities.ColumnCount;
        if (truth.Count != n) throw new ArgumentException($"Got {truth.Count} image labels for {n} images.");
        Guard.Finite(modelProbabilities, "model probabilities");
        Validate(truth, human, n, k);
        var model = NormalizedDprime(ModelMatrix(modelProbabilities, truth), truth, k);

        var rng = new NumpyRandomState(Seed);
        var raw = new double[Repetitions]; var ceil = new double[Repetitions]; var ceiled = new double[Repetitions];
        for (var r = 0; r < Repetitions; r++)
        {
            var idx = Enumerable.Range(0, human.Count).ToArray();
            rng.Shuffle<int>(idx);
            var half = human.Count / 2;
            var h0 = NormalizedDprime(HumanMatrix(human.Subset(idx[..half]), truth, n, k), truth, k);
            var h1 = NormalizedDprime(HumanMatrix(human.Subset(idx[half..]), truth, n, k), truth, k);
            raw[r] = Correlate(model, h0, skipSourceNaN: false, "model vs human");
            ceil[r] = Correlate(h0, h1, skipSourceNaN: true, "human split halves");
            if (!(ceil[r] > 0))
                throw new InvalidOperationException($"Human split-half consistency is {ceil[r]:G4} in repetition {r}; the i2n score cannot be ceiled.");
            ceiled[r] = raw[r] / Math.Sqrt(ceil[r]);
        }
        return new I2nScore(ceiled.Average(), Spread.PopulationStd(ceiled), raw.Average(), Spread.PopulationStd(raw), ceil.Average(), Spread.PopulationStd(ceil), raw, ceil);
    }

    /// <summary>M[i, c] = P[i, c] / (P[i, c] + P[i, t(i)]): the 2AFC probability of choosing distractor c.</summary>
    public static double[,] ModelMatrix(Matrix<double> p, IReadOnlyList<int> truth)
    {
        var n = p.RowCount; var k = p.ColumnCount;
        var m = new double[n, k];
        for (var i = 0; i < n; i++)
            for (var c = 0; c < k; c++)
                m[i, c] = c == truth[i] ? double.NaN : p[i, c] / (p[i, c] + p[i, truth[i]]);
        return m;
    }

    /// <summary>H[i, c] = fraction of trials of image i with distractor c on which c was chosen (an error rate).</summary>
    public static double[,] HumanMatrix(BehavioralTrials trials, IReadOnlyList<int> truth, int n, int k)
    {
        var chosen = new int[n, k]; var shown = new int[n, k];
        for (var t = 0; t < trials.Count; t++)
        {
            var i = trials.Image[t]; var c = trials.Distractor[t];
            shown[i, c]++;
            if (trials.Choice[t] == c) chosen[i, c]++;
        }
        var h = new double[n, k];
        for (var i = 0; i < n; i++)
            for (var c = 0; c < k; c++)
                h[i, c] = c == truth[i] || shown[i, c] == 0 ? double.NaN : (double)chosen[i, c] / shown[i, c];
        return h;
    }

    /// <summary>d'[i,c] = Φ⁻¹(1 - R[i,c]) - Φ⁻¹(FAR[t(i), c]), clipped, then minus the object mean over images of t(i).</summary>
    public double[,] NormalizedDprime(double[,] r, IReadOnlyList<int> truth, int k)
    {
        var n = r.GetLength(0);
        var far = new double[k, k]; // far[t, c] = nanmean over images j of object c of R[j, t]
        for (var t = 0; t < k; t++)
            for (var c = 0; c < k; c++)
            {
                double s = 0; var cnt = 0;
                for (var j = 0; j < n; j++)
                    if (truth[j] == c && !double.IsNaN(r[j, t])) { s += r[j, t]; cnt++; }
                far[t, c] = cnt == 0 ? double.NaN : s / cnt;
            }
        var d = new double[n, k];
        for (var i = 0; i < n; i++)
            for (var c = 0; c < k; c++)
            {
                var v = Probit(1 - r[i, c]) - Probit(far[truth[i], c]);
                d[i, c] = double.IsNaN(v) ? double.NaN : Math.Clamp(v, -DprimeCap, DprimeCap);
            }
        var res = new double[n, k];
        for (var t = 0; t < k; t++)
            for (var c = 0; c < k; c++)
            {
                double s = 0; var cnt = 0;
                for (var j = 0; j < n; j++)
                    if (truth[j] == t && !double.IsNaN(d[j, c])) { s += d[j, c]; cnt++; }
                var mean = cnt == 0 ? double.NaN : s / cnt;
                for (var j = 0; j < n; j++)
                    if (truth[j] == t) res[j, c] = d[j, c] - mean;
            }
        return res;
    }

    private static double Probit(double p) => double.IsNaN(p) ? double.NaN
        : p <= 0 ? double.NegativeInfinity : p >= 1 ? double.PositiveInfinity : Normal.InvCDF(0, 1, p);

    /// <summary>Pearson over cells where the target is defined (and, with skipping, the source too).</summary>
    private static double Correlate(double[,] source, double[,] target, bool skipSourceNaN, string what)
    {
        var xs = new List<double>(); var ys = new List<double>();
        for (var i = 0; i < source.GetLength(0); i++)
            for (var c = 0; c < source.GetLength(1); c++)
            {
                if (double.IsNaN(target[i, c])) continue;
                if (double.IsNaN(source[i, c]))
                {
                    if (skipSourceNaN) continue;
                    throw new InvalidOperationException($"i2n {what}: the model d' is undefined at image {i}, object {c} where human data exist.");
                }
                xs.Add(source[i, c]); ys.Add(target[i, c]);
            }
        if (xs.Count < 3) throw new InvalidOperationException($"i2n {what}: only {xs.Count} image-distractor cells have data.");
        return Statistics.Correlation.Pearson(xs.ToArray(), ys.ToArray(), $"i2n {what}");
    }

    private static void Validate(IReadOnlyList<int> truth, BehavioralTrials h, int n, int k)
    {
        if (h.Distractor.Count != h.Count || h.Choice.Count != h.Count) throw new ArgumentException("Trial columns differ in length.");
        if (h.Count < 4) throw new ArgumentException($"i2n needs human trials to split in halves; got {h.Count}.");
        for (var i = 0; i < n; i++)
            if (truth[i] < 0 || truth[i] >= k) throw new ArgumentException($"Image {i} has object index {truth[i]} outside [0, {k}).");
        for (var t = 0; t < h.Count; t++)
        {
            if (h.Image[t] < 0 || h.Image[t] >= n) throw new ArgumentException($"Trial {t} names image {h.Image[t]} outside [0, {n}).");
            if (h.Distractor[t] < 0 || h.Distractor[t] >= k || h.Choice[t] < 0 || h.Choice[t] >= k)
                throw new ArgumentException($"Trial {t} names an object outside [0, {k}).");
            if (h.Distractor[t] == truth[h.Image[t]]) throw new ArgumentException($"Trial {t}: the distractor is the image's own object.");
            if (h.Choice[t] != h.Distractor[t] && h.Choice[t] != truth[h.Image[t]])
                throw new ArgumentException($"Trial {t}: the choice is neither the sample nor the distractor object.");
        }
    }
}

/// <summary>Ceiled i2n score with its raw score and human split-half ceiling.</summary>
public sealed record I2nScore(double Score, double Error, double Raw, double RawError, double Ceiling, double CeilingError,
    IReadOnlyList<double> RawPerSplit, IReadOnlyList<double> CeilingPerSplit) : IMimeRenderable
{
    public IReadOnlyDictionary<string, string> ToMimeBundle() => MetricTable.Fields("i2n behavioural consistency",
        ("score (raw / sqrt(ceiling))", MetricTable.Num(Score)), ("error", MetricTable.Num(Error)),
        ("raw", MetricTable.Num(Raw)), ("ceiling", MetricTable.Num(Ceiling)));
}
