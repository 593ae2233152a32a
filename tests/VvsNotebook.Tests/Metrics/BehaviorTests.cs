using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Metrics.Behavior;

namespace VvsNotebook.Tests.Metrics;

public class BehaviorTests
{
    private static Matrix<double> Row(IEnumerable<double> v) => Matrix<double>.Build.DenseOfRowArrays(v.ToArray());

    /// <summary>Images of 6 objects with features carrying object identity, and simulated human trials.</summary>
    private static (Matrix<double> Features, int[] Truth, BehavioralTrials Trials) World(int seed)
    {
        const int objects = 6, perObject = 20, d = 16;
        var rng = new Random(seed);
        var prototypes = Synthetic.Gaussian(objects, d, seed + 1);
        var truth = Enumerable.Range(0, objects * perObject).Select(i => i % objects).ToArray();
        var features = Matrix<double>.Build.Dense(truth.Length, d, (i, j) => prototypes[truth[i], j] + 1.5 * Synthetic.BoxMuller(rng));
        var img = new List<int>(); var dist = new List<int>(); var choice = new List<int>();
        for (var t = 0; t < 30000; t++)
        {
            var i = rng.Next(truth.Length);
            var c = rng.Next(objects - 1); if (c >= truth[i]) c++;
            // Errors depend on image difficulty and on the object pair, so d' has structure to recover.
            var pErr = 0.05 + 0.4 * ((i * 7 + c * 3) % 10) / 10.0;
            img.Add(i); dist.Add(c); choice.Add(rng.NextDouble() < pErr ? c : truth[i]);
        }
        return (features, truth, new BehavioralTrials(img, dist, choice));
    }

    [Fact]
    public void Logistic_readout_probabilities_match_scikit_learn()
    {
        var (features, truth, _) = World(1);
        var labels = truth.Select(t => "obj" + t).ToArray();
        var fit = new LogisticReadout().Fit(features, labels);
        var probs = fit.PredictProbabilities(features);
        using var py = new PythonReference();
        var r = py.Run("""
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import LogisticRegression
F, y = inputs['f'], inputs['y'][0].astype(int)
s = StandardScaler().fit(F)
clf = LogisticRegression(multi_class='multinomial', solver='newton-cg', C=1e-3, tol=1e-10, max_iter=1000).fit(s.transform(F), y)
outputs['p'] = clf.predict_proba(s.transform(F))
""", new Dictionary<string, Matrix<double>> { ["f"] = features, ["y"] = Row(truth.Select(t => (double)t)) });
        Synthetic.AssertClose(r["p"].ToMatrix(), probs, 1e-5, "readout probabilities");
    }

    [Fact]
    public void I2n_matches_a_numpy_transcription_of_the_Brain_Score_metric()
    {
        var (features, truth, trials) = World(2);
        var probs = new LogisticReadout().Fit(features, truth.Select(t => "obj" + t).ToArray()).PredictProbabilities(features);
        var score = new I2n().Score(probs, truth, trials);
        using var py = new PythonReference();
        var r = py.Run("""
from scipy.stats import norm, pearsonr
P, t = inputs['p'], inputs['t'][0].astype(int)
img, dist, ch = (inputs[k][0].astype(int) for k in ('img', 'dist', 'ch'))
n, k = P.shape
def model_matrix():
    M = P / (P + P[np.arange(n), t][:, None]); M[np.arange(n), t] = np.nan; return M
def human_matrix(sel):
    num = np.zeros((n, k)); den = np.zeros((n, k))
    np.add.at(den, (img[sel], dist[sel]), 1); np.add.at(num, (img[sel], dist[sel]), (ch[sel] == dist[sel]).astype(float))
    with np.errstate(invalid='ignore', divide='ignore'): H = num / den
    H[den == 0] = np.nan; H[np.arange(n), t] = np.nan; return H
def dprime_n(R):
    with np.errstate(invalid='ignore', divide='ignore'):
        FAR = np.array([[np.nanmean(R[t == c, tt]) if np.any(~np.isnan(R[t == c, tt])) else np.nan for c in range(k)] for tt in range(k)])
        D = norm.ppf(1 - R) - norm.ppf(FAR[t, :])
    D = np.clip(D, -5, 5)
    out = D.copy()
    for o in range(k):
        out[t == o] = D[t == o] - np.nanmean(D[t == o], axis=0)
    return out
def corr(a, b, skip):
    m = ~np.isnan(b)
    if skip: m &= ~np.isnan(a)
    return pearsonr(a[m], b[m])[0]
rng = np.random.RandomState(0)
M = dprime_n(model_matrix()); s, c = [], []
for _ in range(2):
    idx = list(range(len(img))); rng.shuffle(idx)
    h0, h1 = np.array(idx[:len(idx) // 2]), np.array(idx[len(idx) // 2:])
    H0, H1 = dprime_n(human_matrix(h0)), dprime_n(human_matrix(h1))
    s.append(corr(M, H0, False)); c.append(corr(H0, H1, True))
s, c = np.array(s), np.array(c)
outputs['r'] = np.array([np.mean(s / np.sqrt(c)), np.mean(s), np.mean(c)])
""", new Dictionary<string, Matrix<double>>
        {
            ["p"] = probs, ["t"] = Row(truth.Select(v => (double)v)),
            ["img"] = Row(trials.Image.Select(v => (double)v)), ["dist"] = Row(trials.Distractor.Select(v => (double)v)),
            ["ch"] = Row(trials.Choice.Select(v => (double)v)),
        });
        Assert.Equal(r["r"].Data[0], score.Score, 10);
        Assert.Equal(r["r"].Data[1], score.Raw, 10);
        Assert.Equal(r["r"].Data[2], score.Ceiling, 10);
        Assert.True(score.Ceiling > 0.3, $"simulated humans should be self-consistent; ceiling {score.Ceiling}");
    }

    [Fact]
    public void Inconsistent_trials_are_clear_errors()
    {
        var (features, truth, trials) = World(3);
        var probs = Matrix<double>.Build.Dense(truth.Length, 6, 1.0 / 6);
        var bad = new BehavioralTrials([0, 1, 2, 3], [truth[0], 0, 0, 0], [0, 0, 0, 0]);
        Assert.Contains("distractor is the image's own object", Assert.Throws<ArgumentException>(() => new I2n().Score(probs, truth, bad)).Message);
        Assert.Contains("image labels", Assert.Throws<ArgumentException>(() => new I2n().Score(probs, truth[..10], trials)).Message);
        Assert.Throws<ArgumentException>(() => new LogisticReadout().Fit(features, truth.Select(_ => "same").ToArray()));
    }
}
