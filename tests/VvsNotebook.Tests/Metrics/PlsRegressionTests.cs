using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Metrics.Regression;

namespace VvsNotebook.Tests.Metrics;

public class PlsRegressionTests
{
    private const string SklearnPls = """
from sklearn.cross_decomposition import PLSRegression
m = PLSRegression(n_components=int(inputs['k'][0, 0]), scale=False).fit(inputs['x'], inputs['y'])
outputs['pred'] = m.predict(inputs['xt'])
outputs['iter'] = np.array(m.n_iter_, dtype=float)
""";

    [Theory]
    [InlineData(120, 60, 7, 10)]   // more stimuli than features
    [InlineData(80, 150, 12, 25)]  // fewer stimuli than features, Brain-Score's 25 components
    [InlineData(50, 20, 1, 5)]     // a single target: scikit-learn stops the power iteration at once
    public void Predictions_match_scikit_learn_PLSRegression(int n, int p, int q, int k)
    {
        var (x, y) = Synthetic.Encoding(n + 30, p, q, 0.5, seed: n + p);
        var xTrain = x.SubMatrix(0, n, 0, p); var yTrain = y.SubMatrix(0, n, 0, q);
        var xTest = x.SubMatrix(n, 30, 0, p);
        var fit = new PlsRegression(k).Fit(xTrain, yTrain);
        using var py = new PythonReference();
        var r = py.Run(SklearnPls, new Dictionary<string, Matrix<double>>
        {
            ["x"] = xTrain, ["y"] = yTrain, ["xt"] = xTest, ["k"] = Matrix<double>.Build.Dense(1, 1, k),
        });
        Synthetic.AssertClose(r["pred"].ToMatrix(), fit.Predict(xTest), 1e-7, "PLS predictions");
        Assert.Equal(r["iter"].Data.Select(d => (int)d), fit.Iterations);
    }

    [Fact]
    public void Fewer_stimuli_than_components_is_a_clear_error()
    {
        var (x, y) = Synthetic.Encoding(20, 40, 3, 0.1, 1);
        var e = Assert.Throws<ArgumentException>(() => new PlsRegression(25).Fit(x, y));
        Assert.Contains("more than 25 training stimuli", e.Message);
    }

    [Fact]
    public void Mismatched_rows_and_NaN_are_clear_errors()
    {
        var (x, y) = Synthetic.Encoding(40, 10, 3, 0.1, 2);
        Assert.Contains("rows", Assert.Throws<ArgumentException>(() => new PlsRegression(5).Fit(x, y.SubMatrix(0, 39, 0, 3))).Message);
        x[3, 4] = double.NaN;
        Assert.Contains("non-finite", Assert.Throws<ArgumentException>(() => new PlsRegression(5).Fit(x, y)).Message);
    }
}
