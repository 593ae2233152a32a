using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Metrics.Ceilings;
using VvsNotebook.Metrics.Similarity;
using VvsNotebook.Tests.Metrics;

namespace VvsNotebook.Tests.Brain;

public class RdmReliabilityTests
{
    [PythonFact]
    public void Split_half_noise_ceiling_and_inter_subject_consistency_match_numpy_scipy()
    {
        // 12 stimuli x 4 repetitions x 9 voxels; three subjects sharing a signal.
        int n = 12, reps = 4, q = 9;
        var signal = Synthetic.Gaussian(n, q, 1);
        var trials = Matrix<double>.Build.Dense(n * reps, q, (t, j) => signal[t % n, j]) + 0.8 * Synthetic.Gaussian(n * reps, q, 2);
        var stim = Enumerable.Range(0, n * reps).Select(t => t % n).ToArray();
        var rep = Enumerable.Range(0, n * reps).Select(t => t / n).ToArray();
        var subjects = Enumerable.Range(0, 3).Select(s => Rdm.FromResponses(signal + 0.7 * Synthetic.Gaussian(n, q, 10 + s))).ToArray();
        var split = new RdmReliability(Splits: 5, Seed: 7).SplitHalf(trials, stim, rep);
        var ceiling = RdmReliability.NoiseCeiling(subjects);
        using var py = new PythonReference();
        var r = py.Run("""
from scipy.spatial.distance import pdist
from scipy.stats import spearmanr
X = inputs['trials']; n, reps = 12, 4
stim = np.arange(n * reps) % n; rep = np.arange(n * reps) // n
rng = np.random.RandomState(7); sb = []; raw = []
for s in range(5):
    p = rng.permutation(reps); a = np.isin(rep, p[:reps // 2])
    A = np.array([X[a & (stim == i)].mean(0) for i in range(n)]); B = np.array([X[~a & (stim == i)].mean(0) for i in range(n)])
    rr = spearmanr(pdist(A, 'correlation'), pdist(B, 'correlation'))[0]; raw.append(rr); sb.append(2 * rr / (1 + rr))
R = [inputs['s%d' % s][0] for s in range(3)]
up = [spearmanr(R[s], np.mean(R, 0))[0] for s in range(3)]
lo = [spearmanr(R[s], np.mean([R[t] for t in range(3) if t != s], 0))[0] for s in range(3)]
pairs = [spearmanr(R[s], R[t])[0] for s in range(3) for t in range(s + 1, 3)]
outputs['v'] = np.array([np.mean(sb), np.std(sb, ddof=1), np.mean(raw), np.mean(lo), np.mean(up), np.mean(pairs)])
""", new Dictionary<string, Matrix<double>>
        {
            ["trials"] = trials,
            ["s0"] = Matrix<double>.Build.DenseOfRowArrays(subjects[0].Condensed), ["s1"] = Matrix<double>.Build.DenseOfRowArrays(subjects[1].Condensed),
            ["s2"] = Matrix<double>.Build.DenseOfRowArrays(subjects[2].Condensed),
        });
        var v = r["v"].Data;
        Assert.Equal(v[0], split.Reliability, 10); Assert.Equal(v[1], split.Spread, 10); Assert.Equal(v[2], split.Uncorrected, 10);
        Assert.Equal(v[3], ceiling.Lower, 10); Assert.Equal(v[4], ceiling.Upper, 10); Assert.Equal(v[5], ceiling.InterSubject, 10);
        Assert.True(ceiling.Lower < ceiling.Upper);
        Assert.Contains("noise ceiling", ceiling.ToMimeBundle()["text/plain"]);
        Assert.Contains("split-half", split.ToMimeBundle()["text/plain"]);
    }

    [Fact]
    public void Split_half_refuses_a_single_repetition_and_a_noise_ceiling_of_one_subject()
    {
        var x = Synthetic.Gaussian(5, 4, 3);
        var e = Assert.Throws<ArgumentException>(() => new RdmReliability().SplitHalf(x, [0, 1, 2, 3, 4], [0, 0, 0, 0, 0]));
        Assert.Contains("at least 2 repetitions", e.Message);
        Assert.Throws<ArgumentException>(() => RdmReliability.NoiseCeiling([Rdm.FromResponses(x)]));
    }
}
