using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using VvsNotebook.Display;
using VvsNotebook.Metrics.Numerics;
using VvsNotebook.Metrics.Similarity;
using VvsNotebook.Metrics.Statistics;

namespace VvsNotebook.Metrics.Ceilings;

/// <summary>
/// Reliability of brain RDMs. Split-half: the repetition ids are shuffled with
/// <c>np.random.RandomState(seed).permutation(k)</c> (one draw per split), the first ⌊k/2⌋ form half A and the rest
/// half B, each half is averaged per stimulus and turned into an RDM, the two RDMs are Spearman-correlated and
/// Spearman-Brown corrected (2r / (1 + r)). Across subjects: the noise ceiling of Nili et al. 2014 and inter-subject
/// consistency, all with Spearman correlations between condensed RDMs.
/// </summary>
public sealed record RdmReliability(int Splits = 10, uint Seed = 0, RdmDistance Distance = RdmDistance.Correlation)
{
    /// <param name="trials">One row per trial, one column per voxel.</param>
    /// <param name="stimulus">Stimulus index (0..stimuli-1) of each trial; every stimulus needs a trial in each half.</param>
    /// <param name="repetition">Repetition id of each trial (what is split).</param>
    /// <param name="cancellationToken">Checked between splits.</param>
    public RdmSplitHalfResult SplitHalf(Matrix<double> trials, IReadOnlyList<int> stimulus, IReadOnlyList<int> repetition,
        CancellationToken cancellationToken = default)
    {
        if (Splits < 1) throw new ArgumentOutOfRangeException(nameof(Splits), "At least one split is needed.");
        var nt = trials.RowCount;
        if (stimulus.Count != nt || repetition.Count != nt)
            throw new ArgumentException($"Got {nt} trials but {stimulus.Count} stimulus ids and {repetition.Count} repetition ids.");
        if (nt == 0) throw new ArgumentException("No trials: split-half reliability needs trials of at least 2 repetitions.");
        if (stimulus.Min() < 0) throw new ArgumentException("Stimulus indices must be non-negative.");
        Guard.Finite(trials, "trials");
        var reps = repetition.Distinct().Order().ToArray();
        if (reps.Length < 2) throw new ArgumentException($"Split-half reliability needs at least 2 repetitions; got {reps.Length}.");
        var repIndex = reps.Select((r, i) => (r, i)).ToDictionary(t => t.r, t => t.i);
        var nStim = stimulus.Max() + 1;
        var rng = new NumpyRandomState(Seed);
        var raw = new double[Splits]; var corrected = new double[Splits];
        for (var s = 0; s < Splits; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var perm = rng.Permutation(reps.Length);
            var inA = new bool[reps.Length];
            for (var i = 0; i < reps.Length / 2; i++) inA[perm[i]] = true;
            var a = Rdm.FromResponses(HalfMean(trials, stimulus, repetition, repIndex, inA, true, nStim, s), Distance);
            var b = Rdm.FromResponses(HalfMean(trials, stimulus, repetition, repIndex, inA, false, nStim, s), Distance);
            raw[s] = Correlation.Spearman(a.Condensed, b.Condensed, $"split {s}'s half RDMs");
            corrected[s] = SplitHalfConsistency.SpearmanBrown(raw[s]);
        }
        return new RdmSplitHalfResult(corrected.Average(), Splits > 1 ? MathNet.Numerics.Statistics.Statistics.StandardDeviation(corrected) : 0, raw.Average(), corrected, raw);
    }

    /// <summary>
    /// Nili et al. 2014's noise ceiling from one RDM per subject (same stimuli): upper bound = mean over subjects of
    /// Spearman(subject, mean RDM of all subjects), lower bound = the same with the mean of the other subjects; and the
    /// inter-subject consistency, the mean Spearman over subject pairs. Group RDMs are plain means of the condensed
    /// dissimilarities (as <c>BrainRoiSet.GroupRdm</c> builds them), not means of rank-transformed RDMs.
    /// </summary>
    public static RdmNoiseCeiling NoiseCeiling(IReadOnlyList<Rdm> subjectRdms)
    {
        if (subjectRdms.Count < 2) throw new ArgumentException($"A noise ceiling needs RDMs of at least 2 subjects; got {subjectRdms.Count}.");
        var n = subjectRdms[0].Count; var m = subjectRdms[0].Condensed.Length;
        for (var s = 0; s < subjectRdms.Count; s++)
        {
            if (subjectRdms[s].Count != n || subjectRdms[s].Condensed.Length != m)
                throw new ArgumentException($"Subject RDM {s} covers {subjectRdms[s].Count} stimuli, subject RDM 0 {n}: all must share one stimulus set.");
            Guard.Finite(subjectRdms[s].Condensed, $"subject RDM {s}");
        }
        var sum = new double[m];
        foreach (var r in subjectRdms) for (var k = 0; k < m; k++) sum[k] += r.Condensed[k];
        var k_ = subjectRdms.Count;
        var upper = new double[k_]; var lower = new double[k_];
        for (var s = 0; s < k_; s++)
        {
            var all = new double[m]; var others = new double[m];
            for (var k = 0; k < m; k++) { all[k] = sum[k] / k_; others[k] = (sum[k] - subjectRdms[s].Condensed[k]) / (k_ - 1); }
            upper[s] = Correlation.Spearman(subjectRdms[s].Condensed, all, $"subject {s} and the group RDM");
            lower[s] = Correlation.Spearman(subjectRdms[s].Condensed, others, $"subject {s} and the other subjects' RDM");
        }
        var pairs = new List<double>();
        for (var s = 0; s < k_; s++)
            for (var t = s + 1; t < k_; t++)
                pairs.Add(Correlation.Spearman(subjectRdms[s].Condensed, subjectRdms[t].Condensed, $"subjects {s} and {t}"));
        return new RdmNoiseCeiling(lower.Average(), upper.Average(), pairs.Average(), lower, upper, pairs);
    }

    private static DenseMatrix HalfMean(Matrix<double> trials, IReadOnlyList<int> stimulus, IReadOnlyList<int> repetition,
        Dictionary<int, int> repIndex, bool[] inA, bool wantA, int nStim, int split)
    {
        var q = trials.ColumnCount;
        var sum = new DenseMatrix(nStim, q); var count = new int[nStim];
        for (var t = 0; t < trials.RowCount; t++)
        {
            if (inA[repIndex[repetition[t]]] != wantA) continue;
            var st = stimulus[t]; count[st]++;
            for (var j = 0; j < q; j++) sum[st, j] += trials[t, j];
        }
        for (var st = 0; st < nStim; st++)
        {
            if (count[st] == 0)
                throw new ArgumentException($"Split {split}: stimulus {st} has no trial in half {(wantA ? "A" : "B")}; every stimulus needs trials in at least 2 repetitions.");
            for (var j = 0; j < q; j++) sum[st, j] /= count[st];
        }
        return sum;
    }
}

/// <summary>Split-half reliability of an RDM: Spearman-Brown corrected mean and sample sd (ddof 1) over splits, and the raw values.</summary>
public sealed record RdmSplitHalfResult(double Reliability, double Spread, double Uncorrected, IReadOnlyList<double> Corrected,
    IReadOnlyList<double> Raw) : IMimeRenderable
{
    public IReadOnlyDictionary<string, string> ToMimeBundle() => MetricTable.Fields("RDM split-half reliability (Spearman-Brown corrected)",
        ("reliability", MetricTable.Num(Reliability)), ("sd over splits", MetricTable.Num(Spread)),
        ("uncorrected", MetricTable.Num(Uncorrected)), ("splits", Corrected.Count.ToString()));
}

/// <summary>Nili et al. 2014 noise ceiling bounds and inter-subject consistency, with per-subject and per-pair values.</summary>
public sealed record RdmNoiseCeiling(double Lower, double Upper, double InterSubject, IReadOnlyList<double> LowerPerSubject,
    IReadOnlyList<double> UpperPerSubject, IReadOnlyList<double> Pairs) : IMimeRenderable
{
    public IReadOnlyDictionary<string, string> ToMimeBundle() => MetricTable.Fields($"RDM noise ceiling ({UpperPerSubject.Count} subjects, Spearman)",
        ("lower bound (leave one out)", MetricTable.Num(Lower)), ("upper bound", MetricTable.Num(Upper)),
        ("inter-subject consistency", MetricTable.Num(InterSubject)));
}
