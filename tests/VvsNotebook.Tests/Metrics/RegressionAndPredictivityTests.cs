using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Metrics.Ceilings;
using VvsNotebook.Metrics.CrossValidation;
using VvsNotebook.Metrics.Predictivity;
using VvsNotebook.Metrics.Regression;

namespace VvsNotebook.Tests.Metrics;

public class RegressionAndPredictivityTests
{
    [Theory]
    [InlineData(60, 90)]  // n <= p: Gram eigen-decomposition
    [InlineData(90, 25)]  // n > p: design decomposition
    public void RidgeCV_matches_scikit_learn_alpha_and_predictions(int n, int p)
    {
        var (x, y) = Synthetic.Encoding(n + 20, p, 4, 1.0, seed: n);
        var xTr = x.SubMatrix(0, n, 0, p); var yTr = y.SubMatrix(0, n, 0, 4); var xTe = x.SubMatrix(n, 20, 0, p);
        double[] alphas = [0.01, 0.1, 1, 10, 100, 1000];
        var fit = new RidgeRegression(alphas).Fit(xTr, yTr);
        using var py = new PythonReference();
        var r = py.Run("""
from sklearn.linear_model import RidgeCV
m = RidgeCV(alphas=[0.01, 0.1, 1, 10, 100, 1000]).fit(inputs['x'], inputs['y'])
outputs['pred'] = m.predict(inputs['xt']); outputs['alpha'] = np.array([m.alpha_])
""", new Dictionary<string, Matrix<double>> { ["x"] = xTr, ["y"] = yTr, ["xt"] = xTe });
        Assert.Equal(r["alpha"].Data[0], fit.Alpha);
        Synthetic.AssertClose(r["pred"].ToMatrix(), fit.Predict(xTe), 1e-8, "ridge predictions");
    }

    private const string BrainScorePls = """
from sklearn.cross_decomposition import PLSRegression
from sklearn.model_selection import StratifiedShuffleSplit
from scipy.stats import pearsonr
X, Y, labels = inputs['x'], inputs['y'], inputs['labels'][0].astype(int)
med = []
for tr, te in StratifiedShuffleSplit(n_splits=10, train_size=0.9, random_state=1).split(np.zeros(len(X)), labels):
    P = PLSRegression(n_components=25, scale=False).fit(X[tr], Y[tr]).predict(X[te])
    med.append(np.nanmedian([pearsonr(Y[te, n], P[:, n])[0] for n in range(Y.shape[1])]))
outputs['med'] = np.array(med)
""";

    [Fact]
    public void Neural_predictivity_matches_the_Brain_Score_recipe_in_scikit_learn()
    {
        var (x, y) = Synthetic.Encoding(160, 70, 9, 1.5, seed: 11);
        var labels = Enumerable.Range(0, 160).Select(i => (i % 8).ToString()).ToArray();
        var score = new NeuralPredictivity().Score(x, y, labels);
        using var py = new PythonReference();
        var r = py.Run(BrainScorePls, new Dictionary<string, Matrix<double>>
        {
            ["x"] = x, ["y"] = y, ["labels"] = Matrix<double>.Build.DenseOfRowArrays(labels.Select(double.Parse).ToArray()),
        });
        for (var s = 0; s < 10; s++) Assert.Equal(r["med"].Data[s], score.SplitMedians[s], 9);
        var mean = r["med"].Data.Average();
        Assert.Equal(mean, score.Raw, 9);
        Assert.Equal(Math.Sqrt(r["med"].Data.Select(v => (v - mean) * (v - mean)).Average() / 10), score.Error, 9);
    }

    [Fact]
    public void Predicting_neurons_from_themselves_scores_near_one_and_from_shuffled_stimuli_near_zero()
    {
        var (_, y) = Synthetic.Encoding(200, 30, 12, 0.3, seed: 4);
        var self = new NeuralPredictivity { Regression = new PlsRegression(12) }.Score(y, y);
        Assert.True(self.Raw > 0.999, $"self-prediction r = {self.Raw}");
        var rng = new Random(1);
        var order = Enumerable.Range(0, 200).OrderBy(_ => rng.Next()).ToArray();
        var shuffled = Matrix<double>.Build.Dense(200, 12, (i, j) => y[order[i], j]);
        var chance = new NeuralPredictivity { Regression = new RidgeRegression() }.Score(shuffled, y);
        Assert.True(Math.Abs(chance.Raw) < 0.15, $"shuffled-stimulus r = {chance.Raw}");
    }

    [Fact]
    public void Constant_neuroids_and_shape_mismatches_are_clear_errors()
    {
        var (x, y) = Synthetic.Encoding(100, 30, 5, 1, seed: 8);
        Assert.Contains("stimuli", Assert.Throws<ArgumentException>(() => new NeuralPredictivity().Score(x.SubMatrix(0, 99, 0, 30), y)).Message);
        y.SetColumn(2, Vector<double>.Build.Dense(100, 3.0));
        Assert.Contains("neuroid 2 is constant", Assert.Throws<ArgumentException>(() => new NeuralPredictivity().Score(x, y)).Message);
    }

    [Fact]
    public void Split_half_ceiling_recovers_the_reliability_implied_by_the_noise_level()
    {
        // Signal variance 1, trial noise variance R: Spearman-Brown corrected split-half reliability = 1 / (1 + 1) = 0.5.
        const int stimuli = 400, neuroids = 40, reps = 20;
        var rng = new Random(9);
        var signal = Matrix<double>.Build.Dense(stimuli, neuroids, (_, _) => Synthetic.BoxMuller(rng));
        var trials = Matrix<double>.Build.Dense(stimuli * reps, neuroids, (t, j) => signal[t % stimuli, j] + Math.Sqrt(reps) * Synthetic.BoxMuller(rng));
        var stim = Enumerable.Range(0, stimuli * reps).Select(t => t % stimuli).ToArray();
        var rep = Enumerable.Range(0, stimuli * reps).Select(t => t / stimuli).ToArray();
        var ceiling = new SplitHalfConsistency().Estimate(trials, stim, rep);
        Assert.InRange(ceiling.Ceiling, 0.46, 0.54);

        using var py = new PythonReference();
        var r = py.Run("""
from sklearn.model_selection import ShuffleSplit
from scipy.stats import pearsonr
T, stim, rep = inputs['t'], inputs['s'][0].astype(int), inputs['r'][0].astype(int)
reps = np.unique(rep); vals = []
for a, b in ShuffleSplit(10, train_size=0.5, random_state=1).split(reps):
    h1 = np.stack([T[(stim == i) & np.isin(rep, reps[a])].mean(0) for i in range(stim.max() + 1)])
    h2 = np.stack([T[(stim == i) & np.isin(rep, reps[b])].mean(0) for i in range(stim.max() + 1)])
    rr = np.array([pearsonr(h1[:, n], h2[:, n])[0] for n in range(T.shape[1])])
    vals.append(np.median(2 * rr / (1 + rr)))
outputs['c'] = np.array(vals)
""", new Dictionary<string, Matrix<double>>
        {
            ["t"] = trials, ["s"] = Matrix<double>.Build.DenseOfRowArrays(stim.Select(v => (double)v).ToArray()),
            ["r"] = Matrix<double>.Build.DenseOfRowArrays(rep.Select(v => (double)v).ToArray()),
        });
        for (var s = 0; s < 10; s++) Assert.Equal(r["c"].Data[s], ceiling.SplitValues[s], 10);
    }

    [Fact]
    public void Ceiling_normalisations_follow_the_paper_and_current_Brain_Score()
    {
        Assert.Equal(0.25, CeiledScore.Normalize(0.4, 0.01, 0.8, CeilingNormalization.PaperSquared).Score, 12);
        Assert.Equal(0.2, CeiledScore.Normalize(0.4, 0.01, 0.8, CeilingNormalization.CurrentBrainScore).Score, 12);
        Assert.Equal(0.01, CeiledScore.Normalize(0.4, 0.01, 0.8, CeilingNormalization.PaperSquared).Error, 12);
        Assert.Throws<ArgumentException>(() => CeiledScore.Normalize(0.4, 0.01, 0, CeilingNormalization.PaperSquared));
    }
}
