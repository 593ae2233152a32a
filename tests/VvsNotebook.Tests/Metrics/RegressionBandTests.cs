using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Metrics.Statistics;

namespace VvsNotebook.Tests.Metrics;

public class RegressionBandTests
{
    [Fact]
    public void Regression_band_matches_numpy_refits_on_the_same_resamples()
    {
        var rng = new Random(11);
        var x = Enumerable.Range(0, 40).Select(_ => rng.NextDouble()).ToArray();
        var y = x.Select(v => 0.9 * v + 0.03 + 0.05 * Synthetic.BoxMuller(rng)).ToArray();
        var band = RegressionBand.Bootstrap(x, y, level: 95, resamples: 500, seed: 7, points: 50);
        using var py = new PythonReference();
        // Independent reference: numpy's generator, numpy least squares per resample, numpy percentiles.
        var r = py.Run("""
from scipy import stats
x, y = inputs['x'][0], inputs['y'][0]
idx = np.random.default_rng(7).integers(0, len(x), size=(500, len(x)))
grid = np.linspace(x.min(), x.max(), 50)
lines = []
for i in idx:
    beta = np.linalg.lstsq(np.c_[np.ones(len(i)), x[i]], y[i], rcond=None)[0]
    lines.append(beta[0] + beta[1] * grid)
lo, hi = np.percentile(np.array(lines), [2.5, 97.5], axis=0)
res = stats.linregress(x, y)
outputs['grid'] = grid; outputs['lo'] = lo; outputs['hi'] = hi; outputs['line'] = res.intercept + res.slope * grid
""", new Dictionary<string, Matrix<double>> { ["x"] = Matrix<double>.Build.DenseOfRowArrays(x), ["y"] = Matrix<double>.Build.DenseOfRowArrays(y) });
        Assert.Equal(500, band.Resamples);
        for (var j = 0; j < 50; j++)
        {
            Assert.Equal(r["grid"].Data[j], band.X[j], 12);
            Assert.Equal(r["line"].Data[j], band.Line[j], 12);
            Assert.Equal(r["lo"].Data[j], band.Lower[j], 10);
            Assert.Equal(r["hi"].Data[j], band.Upper[j], 10);
        }
    }

    [Fact]
    public void Exact_line_has_a_zero_width_band_and_bad_input_is_an_error()
    {
        double[] x = [0, 1, 2, 3, 4, 5];
        var band = RegressionBand.Bootstrap(x, x.Select(v => 2 * v + 1).ToArray(), resamples: 200, points: 11);
        Assert.Equal(11, band.X.Count);
        Assert.Equal(0, band.X[0]); Assert.Equal(5, band.X[^1]);
        for (var j = 0; j < band.X.Count; j++)
        {
            Assert.Equal(2 * band.X[j] + 1, band.Line[j], 12);
            Assert.Equal(band.Line[j], band.Lower[j], 10);
            Assert.Equal(band.Line[j], band.Upper[j], 10);
        }
        // Resamples of one repeated x have no slope and are left out, not NaN.
        Assert.True(band.Resamples <= 200);
        Assert.Throws<ArgumentOutOfRangeException>(() => RegressionBand.Bootstrap(x, x, level: 100));
        Assert.Contains("pairs", Assert.Throws<ArgumentException>(() => RegressionBand.Bootstrap(x, [1, 2])).Message);
    }
}
