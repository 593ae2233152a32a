using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Metrics.Statistics;

namespace VvsNotebook.Tests.Metrics;

public class StatisticsTests
{
    [Fact]
    public void Pearson_Spearman_and_Kendall_match_scipy_with_ties()
    {
        var rng = new Random(3);
        // Rounded values give many ties, which is where rank conventions differ.
        var x = Enumerable.Range(0, 300).Select(_ => Math.Round(Synthetic.BoxMuller(rng), 1)).ToArray();
        var y = x.Select(v => Math.Round(v + Synthetic.BoxMuller(rng), 1)).ToArray();
        using var py = new PythonReference();
        var r = py.Run("""
from scipy import stats
x, y = inputs['x'][0], inputs['y'][0]
outputs['r'] = np.array([stats.pearsonr(x, y)[0], stats.spearmanr(x, y)[0], stats.kendalltau(x, y)[0]])
outputs['ranks'] = stats.rankdata(x)
""", new Dictionary<string, Matrix<double>> { ["x"] = Matrix<double>.Build.DenseOfRowArrays(x), ["y"] = Matrix<double>.Build.DenseOfRowArrays(y) });
        Assert.Equal(r["r"].Data[0], Correlation.Pearson(x, y), 12);
        Assert.Equal(r["r"].Data[1], Correlation.Spearman(x, y), 12);
        Assert.Equal(r["r"].Data[2], Correlation.KendallTauB(x, y), 12);
        Assert.Equal(r["ranks"].Data, Correlation.Ranks(x));
    }

    [Fact]
    public void Correlation_of_a_constant_or_NaN_input_is_an_error_not_NaN()
    {
        double[] c = [1, 1, 1, 1]; double[] v = [1, 2, 3, 4];
        Assert.Contains("constant", Assert.Throws<ArgumentException>(() => Correlation.Pearson(c, v)).Message);
        Assert.Contains("constant", Assert.Throws<ArgumentException>(() => Correlation.Spearman(v, c)).Message);
        Assert.Contains("constant", Assert.Throws<ArgumentException>(() => Correlation.KendallTauB(c, v)).Message);
        Assert.Contains("non-finite", Assert.Throws<ArgumentException>(() => Correlation.Pearson([1, double.NaN, 3], [1, 2, 3])).Message);
        Assert.Contains("lengths differ", Assert.Throws<ArgumentException>(() => Correlation.Pearson([1, 2, 3], [1, 2])).Message);
    }

    [Fact]
    public void Benjamini_Hochberg_matches_statsmodels()
    {
        var rng = new Random(5);
        var p = Enumerable.Range(0, 40).Select(i => i < 10 ? rng.NextDouble() * 0.01 : rng.NextDouble()).ToArray();
        p[7] = p[3]; // a tie
        var fdr = FalseDiscoveryRate.BenjaminiHochberg(p, 0.05);
        using var py = new PythonReference();
        var r = py.Run("""
from statsmodels.stats.multitest import multipletests
rej, adj, _, _ = multipletests(inputs['p'][0], alpha=0.05, method='fdr_bh')
outputs['adj'] = adj; outputs['rej'] = rej.astype(float)
""", new Dictionary<string, Matrix<double>> { ["p"] = Matrix<double>.Build.DenseOfRowArrays(p) });
        for (var i = 0; i < p.Length; i++) Assert.Equal(r["adj"].Data[i], fdr.Adjusted[i], 14);
        Assert.Equal(r["rej"].Data.Select(v => v == 1), fdr.Reject);
        Assert.Contains("[0, 1]", Assert.Throws<ArgumentException>(() => FalseDiscoveryRate.BenjaminiHochberg([0.1, 1.5])).Message);
    }
}
