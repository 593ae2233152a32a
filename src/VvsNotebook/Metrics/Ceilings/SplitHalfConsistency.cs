using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Display;
using VvsNotebook.Metrics.CrossValidation;
using VvsNotebook.Metrics.Numerics;
using VvsNotebook.Metrics.Statistics;

namespace VvsNotebook.Metrics.Ceilings;

/// <summary>
/// Brain-Score's internal-consistency ceiling: split the repetitions in halves (ShuffleSplit 10 x 50 % over the
/// unique repetition ids, seed 1), average each half per stimulus, Pearson-correlate the halves per neuroid over
/// stimuli, apply Spearman-Brown (2r / (1 + r)), take the median over neuroids; mean and s.e.m. over splits.
/// </summary>
public sealed record SplitHalfConsistency(int NSplits = 10, uint Seed = 1)
{
    /// <param name="trials">One row per trial (presentation), one column per neuroid.</param>
    /// <param name="stimulus">Stimulus index (0..stimuli-1) of each trial.</param>
    /// <param name="repetition">Repetition id of each trial.</param>
    /// <param name="cancellationToken">Checked between splits.</param>
    public CeilingScore Estimate(Matrix<double> trials, IReadOnlyList<int> stimulus, IReadOnlyList<int> repetition,
        CancellationToken cancellationToken = default)
    {
        var nt = trials.RowCount; var q = trials.ColumnCount;
        if (stimulus.Count != nt || repetition.Count != nt)
            throw new ArgumentException($"Got {nt} trials but {stimulus.Count} stimulus ids and {repetition.Count} repetition ids.");
        Guard.Finite(trials, "trials");
        var nStim = stimulus.Max() + 1;
        if (stimulus.Min() < 0) throw new ArgumentException("Stimulus indices must be non-negative.");
        var reps = repetition.Distinct().Order().ToArray();
        if (reps.Length < 2) throw new ArgumentException($"A split-half ceiling needs at least 2 repetitions; got {reps.Length}.");
        var splits = new ShuffleSplits(NSplits, 0.5, Seed).GetSplits(reps.Length);
        var repIndex = reps.Select((r, i) => (r, i)).ToDictionary(t => t.r, t => t.i);
        var values = ColumnMajor.Values(trials);
        var perSplit = new double[splits.Count];
        for (var s = 0; s < splits.Count; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var inA = new bool[reps.Length];
            foreach (var i in splits[s].Train) inA[i] = true;
            var inHalf = new bool[reps.Length];
            foreach (var i in splits[s].Test) inHalf[i] = true;
            var h1 = HalfMeans(values, nt, q, stimulus, repetition, repIndex, inA, nStim, s, "first");
            var h2 = HalfMeans(values, nt, q, stimulus, repetition, repIndex, inHalf, nStim, s, "second");
            var r = new List<double>(q);
            for (var j = 0; j < q; j++)
            {
                var rj = Correlation.PearsonUnchecked(h1.AsSpan(j * nStim, nStim), h2.AsSpan(j * nStim, nStim));
                if (!double.IsNaN(rj)) r.Add(SpearmanBrown(rj));
            }
            if (r.Count == 0) throw new InvalidOperationException($"Split {s}: every neuroid is constant in a half; the ceiling is undefined.");
            perSplit[s] = MathNet.Numerics.Statistics.Statistics.Median(r.ToArray());
        }
        return new CeilingScore(perSplit.Average(), Spread.StandardErrorOfMean(perSplit), perSplit);
    }

    /// <summary>Spearman-Brown prophecy for doubling the number of trials.</summary>
    public static double SpearmanBrown(double r) => 2 * r / (1 + r);

    private static double[] HalfMeans(double[] values, int nt, int q, IReadOnlyList<int> stimulus, IReadOnlyList<int> repetition,
        Dictionary<int, int> repIndex, bool[] inHalf, int nStim, int split, string half)
    {
        var sum = new double[nStim * q];
        var count = new int[nStim];
        for (var t = 0; t < nt; t++)
        {
            if (!inHalf[repIndex[repetition[t]]]) continue;
            var st = stimulus[t];
            count[st]++;
            for (var j = 0; j < q; j++) sum[st + j * nStim] += values[t + j * nt];
        }
        for (var st = 0; st < nStim; st++)
        {
            if (count[st] == 0)
                throw new ArgumentException($"Split {split}: stimulus {st} has no trial in the {half} half of the repetitions.");
            for (var j = 0; j < q; j++) sum[st + j * nStim] /= count[st];
        }
        return sum;
    }
}

/// <summary>A ceiling estimate with its per-split values.</summary>
public sealed record CeilingScore(double Ceiling, double Error, IReadOnlyList<double> SplitValues) : IMimeRenderable
{
    public IReadOnlyDictionary<string, string> ToMimeBundle() => MetricTable.Fields("Split-half ceiling (Spearman-Brown corrected)",
        ("ceiling", MetricTable.Num(Ceiling)), ("error (s.e.m.)", MetricTable.Num(Error)),
        ("split values", string.Join(", ", SplitValues.Select(MetricTable.Num))));
}

/// <summary>How a raw score is divided by its ceiling.</summary>
public enum CeilingNormalization
{
    /// <summary>(raw / ceiling)^2, Brain-Score 2024 code, used by the scaling paper.</summary>
    PaperSquared,
    /// <summary>raw^2 / ceiling, Brain-Score since January 2026 (PR #2169).</summary>
    CurrentBrainScore,
    /// <summary>raw / ceiling, no squaring.</summary>
    Ratio,
}

/// <summary>A ceiled score with the raw score and the ceiling it came from.</summary>
public sealed record CeiledScore(double Score, double Error, double Raw, double Ceiling, CeilingNormalization Normalization) : IMimeRenderable
{
    public static CeiledScore Normalize(double raw, double rawError, double ceiling, CeilingNormalization normalization)
    {
        if (!double.IsFinite(raw) || !double.IsFinite(ceiling))
            throw new ArgumentException($"Cannot ceil: raw = {raw}, ceiling = {ceiling}.");
        if (ceiling <= 0) throw new ArgumentException($"The ceiling is {ceiling}; a non-positive ceiling cannot normalise a score.");
        var score = normalization switch
        {
            CeilingNormalization.PaperSquared => (raw / ceiling) * (raw / ceiling),
            CeilingNormalization.CurrentBrainScore => raw * raw / ceiling,
            _ => raw / ceiling,
        };
        // Brain-Score keeps the raw error unscaled on the ceiled score.
        return new CeiledScore(score, rawError, raw, ceiling, normalization);
    }

    public IReadOnlyDictionary<string, string> ToMimeBundle() => MetricTable.Fields($"Ceiled score ({Normalization})",
        ("score", MetricTable.Num(Score)), ("error", MetricTable.Num(Error)), ("raw", MetricTable.Num(Raw)), ("ceiling", MetricTable.Num(Ceiling)));
}
