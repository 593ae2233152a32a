using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Metrics.Similarity;

namespace VvsNotebook.Tests.Metrics;

public class SimilarityTests
{
    private static Matrix<double> Row(double[] v) => Matrix<double>.Build.DenseOfRowArrays(v);

    [Fact]
    public void RDMs_and_RSA_match_scipy()
    {
        var (x, y) = Synthetic.Encoding(40, 25, 15, 2.0, seed: 21);
        var a = Rdm.FromResponses(x); var b = Rdm.FromResponses(y);
        var e = Rdm.FromResponses(x, RdmDistance.Euclidean);
        using var py = new PythonReference();
        var r = py.Run("""
from scipy.spatial.distance import pdist
from scipy import stats
a, b = pdist(inputs['x'], 'correlation'), pdist(inputs['y'], 'correlation')
outputs['a'] = a; outputs['e'] = pdist(inputs['x'], 'euclidean')
outputs['rho'] = np.array([stats.spearmanr(a, b)[0], stats.kendalltau(a, b)[0], stats.pearsonr(a, b)[0]])
""", new Dictionary<string, Matrix<double>> { ["x"] = x, ["y"] = y });
        for (var k = 0; k < a.Condensed.Length; k++)
        {
            Assert.Equal(r["a"].Data[k], a.Condensed[k], 12);
            Assert.Equal(r["e"].Data[k], e.Condensed[k], 9);
        }
        Assert.Equal(r["rho"].Data[0], new Rsa().Compare(a, b), 12);
        Assert.Equal(r["rho"].Data[1], new Rsa(RdmComparison.Kendall).Compare(a, b), 12);
        Assert.Equal(r["rho"].Data[2], new Rsa(RdmComparison.Pearson).Compare(a, b), 12);
    }

    [Fact]
    public void Permutation_p_values_match_scipy_on_the_same_permutations()
    {
        var (x, y) = Synthetic.Encoding(30, 20, 20, 4.0, seed: 5);
        var model = Rdm.FromResponses(x); var brain = Rdm.FromResponses(y);
        var pixels = Rdm.FromResponses(x + 2 * Synthetic.Gaussian(30, 20, 99));
        var test = new Rsa().PermutationTest(model, brain, permutations: 300, seed: 42);
        var partial = Rsa.PartialPermutationTest(model, brain, pixels, permutations: 300, seed: 42);
        using var py = new PythonReference();
        var r = py.Run("""
from scipy import stats
from scipy.spatial.distance import squareform
import statsmodels.api as sm
m, b, c = inputs['m'][0], inputs['b'][0], inputs['c'][0]
M = squareform(m)
def partial(a, b, c):
    ra, rb, rc = stats.rankdata(a), stats.rankdata(b), stats.rankdata(c)
    Z = sm.add_constant(rc)
    return stats.pearsonr(sm.OLS(ra, Z).fit().resid, sm.OLS(rb, Z).fit().resid)[0]
rs = np.random.RandomState(42)
obs, pobs = stats.spearmanr(m, b)[0], partial(m, b, c)
null, pnull = [], []
for _ in range(300):
    p = rs.permutation(M.shape[0]); mp = squareform(M[np.ix_(p, p)], checks=False)
    null.append(stats.spearmanr(mp, b)[0]); pnull.append(partial(mp, b, c))
null, pnull = np.array(null), np.array(pnull)
outputs['obs'] = np.array([obs, pobs])
outputs['p'] = np.array([(1 + np.sum(null >= obs - 1e-12)) / 301, (1 + np.sum(pnull >= pobs - 1e-12)) / 301])
outputs['null'] = null
""", new Dictionary<string, Matrix<double>> { ["m"] = Row(model.Condensed), ["b"] = Row(brain.Condensed), ["c"] = Row(pixels.Condensed) });
        Assert.Equal(r["obs"].Data[0], test.Observed, 12);
        Assert.Equal(r["obs"].Data[1], partial.Observed, 10);
        Assert.Equal(r["p"].Data[0], test.PValue, 12);
        Assert.Equal(r["p"].Data[1], partial.PValue, 12);
        for (var k = 0; k < 300; k++) Assert.Equal(r["null"].Data[k], test.Null[k], 10);
    }

    [Fact]
    public void Identical_RDMs_correlate_perfectly_and_relabelled_ones_do_not()
    {
        var x = Synthetic.Gaussian(60, 30, 2);
        var a = Rdm.FromResponses(x);
        Assert.Equal(1.0, new Rsa().Compare(a, a), 12);
        var rng = new Random(3);
        var order = Enumerable.Range(0, 60).OrderBy(_ => rng.Next()).ToArray();
        var shuffled = Rdm.FromResponses(Matrix<double>.Build.Dense(60, 30, (i, j) => x[order[i], j]));
        Assert.True(Math.Abs(new Rsa().Compare(a, shuffled)) < 0.1);
        var boot = new Rsa().Bootstrap(a, Rdm.FromResponses(x + 0.5 * Synthetic.Gaussian(60, 30, 4)), resamples: 100, seed: 1);
        Assert.InRange(boot.Observed, boot.Lower, boot.Upper);
        Assert.True(boot.StandardError > 0);
    }

    [PythonFact]
    public void The_rsa_bootstrap_interval_is_numpys_linear_percentile_of_its_replicates()
    {
        var x = Synthetic.Gaussian(30, 12, 5);
        // 37 replicates: a 95% interval falls between order statistics, where R8 (MathNet's default) and numpy differ.
        var boot = new Rsa().Bootstrap(Rdm.FromResponses(x), Rdm.FromResponses(x + 0.8 * Synthetic.Gaussian(30, 12, 6)), resamples: 37, seed: 2);
        var values = string.Join(",", boot.Values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        var numpy = DebianPython.Run(["-c", $"import numpy as np; v = np.array([{values}]); print(repr(float(np.percentile(v, 2.5))), repr(float(np.percentile(v, 97.5))))"])
            .Split(' ', StringSplitOptions.TrimEntries).Select(t => double.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(numpy[0], boot.Lower, 14);
        Assert.Equal(numpy[1], boot.Upper, 14);
        var sorted = boot.Values.Order().ToArray();
        Assert.NotEqual(MathNet.Numerics.Statistics.SortedArrayStatistics.Quantile(sorted, 0.025), boot.Lower, 14);
    }

    [Fact]
    public void Bad_RDM_inputs_are_clear_errors()
    {
        var x = Synthetic.Gaussian(10, 5, 1);
        x.SetRow(4, Vector<double>.Build.Dense(5, 2.0));
        Assert.Contains("Stimulus 4", Assert.Throws<ArgumentException>(() => Rdm.FromResponses(x)).Message);
        var a = Rdm.FromResponses(Synthetic.Gaussian(10, 5, 2)); var b = Rdm.FromResponses(Synthetic.Gaussian(11, 5, 3));
        Assert.Contains("different stimulus sets", Assert.Throws<ArgumentException>(() => new Rsa().Compare(a, b)).Message);
        Assert.Contains("perfectly correlated", Assert.Throws<ArgumentException>(() => Rsa.PartialSpearman(a, Rdm.FromResponses(Synthetic.Gaussian(10, 5, 4)), a)).Message);
    }

    [Fact]
    public void Linear_CKA_matches_numpy_and_is_invariant_to_rotation_and_scale()
    {
        var (x, y) = Synthetic.Encoding(50, 12, 80, 1.0, seed: 31); // y wide: Gram path; x narrow: feature path
        var cka = LinearCka.Compute(x, y).Cka;
        using var py = new PythonReference();
        var r = py.Run("""
X, Y = inputs['x'] - inputs['x'].mean(0), inputs['y'] - inputs['y'].mean(0)
outputs['cka'] = np.array([np.linalg.norm(X.T @ Y) ** 2 / (np.linalg.norm(X.T @ X) * np.linalg.norm(Y.T @ Y))])
""", new Dictionary<string, Matrix<double>> { ["x"] = x, ["y"] = y });
        Assert.Equal(r["cka"].Data[0], cka, 12);
        var q = Synthetic.Gaussian(12, 12, 7).QR().Q;
        Assert.Equal(1.0, LinearCka.Compute(x, 3 * x * q).Cka, 12);
        Assert.True(LinearCka.Compute(x, Synthetic.Gaussian(50, 12, 8)).Cka < 0.5);
    }

    [Fact]
    public void Linear_alignment_matches_scikit_learn_ridge_with_5_fold_r2()
    {
        var (x, y) = Synthetic.Encoding(70, 15, 8, 0.7, seed: 41);
        var la = new LinearAlignment(Alpha: 2.0).Compute(x, y);
        using var py = new PythonReference();
        var r = py.Run("""
from sklearn.linear_model import Ridge
from sklearn.model_selection import KFold
from sklearn.metrics import r2_score
def direction(A, B):
    return np.mean([r2_score(B[te], Ridge(alpha=2.0).fit(A[tr], B[tr]).predict(A[te])) for tr, te in KFold(5, shuffle=True, random_state=0).split(A)])
ab, ba = direction(inputs['x'], inputs['y']), direction(inputs['y'], inputs['x'])
outputs['r'] = np.array([ab, ba, (ab + ba) / 2])
""", new Dictionary<string, Matrix<double>> { ["x"] = x, ["y"] = y });
        Assert.Equal(r["r"].Data[0], la.AToB, 10);
        Assert.Equal(r["r"].Data[1], la.BToA, 10);
        Assert.Equal(r["r"].Data[2], la.Alignment, 10);
        Assert.True(new LinearAlignment(1e-6).Compute(x, x).Alignment > 0.9999);
    }
}
