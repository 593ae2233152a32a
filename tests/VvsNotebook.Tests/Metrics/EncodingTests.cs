using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Metrics.Encoding;

namespace VvsNotebook.Tests.Metrics;

/// <summary>Cross-validated ridge encoding (per-target out-of-fold r) against scikit-learn, and its analytic cases.</summary>
public class EncodingTests
{
    private const string SklearnEncoding = """
from sklearn.linear_model import RidgeCV
from sklearn.model_selection import KFold
from scipy.stats import pearsonr
X, Y = inputs['x'], inputs['y']
folds, seed = int(inputs['cfg'][0, 0]), int(inputs['cfg'][0, 1])
P = np.zeros_like(Y); alphas = []
for tr, te in KFold(n_splits=folds, shuffle=True, random_state=seed).split(X):
    m = RidgeCV(alphas=np.logspace(-3, 5, 9)).fit(X[tr], Y[tr])
    P[te] = m.predict(X[te]); alphas.append(m.alpha_)
outputs['r'] = np.array([[pearsonr(Y[:, j], P[:, j])[0] for j in range(Y.shape[1])]])
outputs['alpha'] = np.array([alphas])
outputs['pred'] = P
""";

    [PythonTheory]
    [InlineData(97, 40, 5, 0u)]   // n > p per fold, 97 % 5 != 0: the first two folds get an extra stimulus
    [InlineData(60, 90, 4, 7u)]   // n <= p: the Gram eigen-decomposition
    [InlineData(136, 16, 3, 1u)]  // the study's shape: 136 stimuli, 16 features, 3 folds
    public void per_target_r_matches_scikit_learn_kfold_ridgecv_and_pearsonr(int n, int p, int folds, uint seed)
    {
        var (x, y) = Synthetic.Encoding(n, p, 12, 1.5, seed: n + p);
        var score = new RidgeEncoding { Folds = folds, Seed = seed }.Score(x, y);
        using var py = new PythonReference();
        var r = py.Run(SklearnEncoding, new Dictionary<string, Matrix<double>>
        {
            ["x"] = x, ["y"] = y, ["cfg"] = Matrix<double>.Build.DenseOfRowArrays([folds, seed]),
        });
        Assert.Equal(r["alpha"].Data, score.FoldAlphas);
        Synthetic.AssertClose(r["pred"].ToMatrix(), score.Predictions, 1e-8, "out-of-fold predictions");
        for (var j = 0; j < 12; j++) Assert.Equal(r["r"].Data[j], score.R[j], 1e-8);
    }

    [Fact]
    public void noise_free_linear_targets_are_predicted_almost_perfectly()
    {
        var (x, y) = Synthetic.Encoding(120, 10, 5, 0, seed: 3);
        var score = new RidgeEncoding { Alphas = [1e-6, 1e-3] }.Score(x, y);
        Assert.All(score.R, r => Assert.InRange(r, 0.999999, 1));
        Assert.Equal(score.Mean, score.R.Average(), 12);
    }

    [Fact]
    public void pure_noise_targets_are_near_zero_and_a_constant_target_is_undefined_and_skipped()
    {
        var x = Synthetic.Gaussian(200, 8, 1);
        var y = Synthetic.Gaussian(200, 30, 2);
        y.SetColumn(29, Enumerable.Repeat(4.0, 200).ToArray());
        var score = new RidgeEncoding().Score(x, y);
        Assert.True(double.IsNaN(score.R[29]));
        Assert.InRange(score.Mean, -0.15, 0.15);
        Assert.Equal(score.R.Take(29).Average(), score.Mean, 12);
        Assert.Equal(MathNet.Numerics.Statistics.Statistics.Median(score.R.Take(29)), score.Median, 12);
    }

    [Fact]
    public void bad_folds_and_shapes_are_refused()
    {
        var (x, y) = Synthetic.Encoding(10, 3, 2, 1, seed: 1);
        Assert.Contains("at least 2 outer folds", Assert.Throws<ArgumentException>(() => new RidgeEncoding { Folds = 1 }.Score(x, y)).Message);
        Assert.Contains("Lower the number of folds", Assert.Throws<ArgumentException>(() => new RidgeEncoding { Folds = 11 }.Score(x, y)).Message);
        Assert.Contains("needs 3", Assert.Throws<ArgumentException>(() => new RidgeEncoding { Folds = 3 }.Score(x.SubMatrix(0, 3, 0, 3), y.SubMatrix(0, 3, 0, 2))).Message);
        Assert.Throws<ArgumentException>(() => new RidgeEncoding().Score(x, y.SubMatrix(0, 9, 0, 2)));
    }
}
