using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Metrics.Similarity;
using VvsNotebook.Tests.Metrics;

namespace VvsNotebook.Tests.Brain;

public class CompareModelsTests
{
    [PythonFact]
    public void Pairwise_difference_and_two_sided_p_match_numpy_on_the_same_brain_label_permutations()
    {
        var brainX = Synthetic.Gaussian(25, 10, 4);
        var a = Rdm.FromResponses(brainX + 1.0 * Synthetic.Gaussian(25, 10, 5));
        var b = Rdm.FromResponses(brainX + 3.0 * Synthetic.Gaussian(25, 10, 6));
        var brain = Rdm.FromResponses(brainX + 0.5 * Synthetic.Gaussian(25, 10, 7));
        var res = new Rsa().CompareModels(a, b, brain, permutations: 400, seed: 3, nameA: "BP", nameB: "FA");
        using var py = new PythonReference();
        var r = py.Run("""
from scipy.spatial.distance import squareform
from scipy.stats import spearmanr
A, B, P = inputs['a'][0], inputs['b'][0], squareform(inputs['p'][0])
rng = np.random.RandomState(3)
obs = spearmanr(A, squareform(P))[0] - spearmanr(B, squareform(P))[0]
null = []
for k in range(400):
    pi = rng.permutation(25); Q = squareform(P[np.ix_(pi, pi)], checks=False)
    null.append(spearmanr(A, Q)[0] - spearmanr(B, Q)[0])
null = np.array(null)
outputs['v'] = np.array([obs, (1 + np.sum(np.abs(null) >= abs(obs) - 1e-12)) / 401.0])
outputs['null'] = null
""", new Dictionary<string, Matrix<double>>
        {
            ["a"] = Matrix<double>.Build.DenseOfRowArrays(a.Condensed), ["b"] = Matrix<double>.Build.DenseOfRowArrays(b.Condensed),
            ["p"] = Matrix<double>.Build.DenseOfRowArrays(brain.Condensed),
        });
        Assert.Equal(r["v"].Data[0], res.Difference, 12);
        Assert.Equal(r["v"].Data[1], res.PValue, 12);
        for (var k = 0; k < 400; k++) Assert.Equal(r["null"].Data[k], res.Null[k], 10);
        Assert.True(res.RhoA > res.RhoB);
        Assert.Contains("BP vs FA", res.ToMimeBundle()["text/plain"]);
    }

    [Fact]
    public void A_model_sharing_the_brains_signal_beats_an_unrelated_one_in_all_ten_thousand_permutations_on_720_stimuli()
    {
        var x = Synthetic.Gaussian(720, 20, 8);
        var brain = Rdm.FromResponses(x + Synthetic.Gaussian(720, 20, 9));
        var a = Rdm.FromResponses(x + 2 * Synthetic.Gaussian(720, 20, 10)); var b = Rdm.FromResponses(Synthetic.Gaussian(720, 20, 11));
        // Its speed against numpy is measured by bench/metrics/bench.py, not here.
        var res = new Rsa().CompareModels(a, b, brain, permutations: 10_000, seed: 1);
        Assert.Equal(1.0 / 10_001, res.PValue, 12); // A shares the brain's signal, B does not
    }
}
