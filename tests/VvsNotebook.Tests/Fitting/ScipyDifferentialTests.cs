using System.Text.Json.Nodes;
using VvsNotebook.Experiments;
using VvsNotebook.Fitting;
using VvsNotebook.Fitting.Laws;

namespace VvsNotebook.Tests.Fitting;

/// <summary>
/// Our optimum against scipy's BFGS run independently (numeric gradients, as the original pipeline) on the same
/// objective written with scipy.special.huber and logsumexp, over the same starts.
/// </summary>
public class ScipyDifferentialTests
{
    /// <summary>Runs bench/fit/scipy_reference.py (the original pipeline's objective and optimiser) on one fit.</summary>
    private static (double Loss, double[] X) Scipy(LawForm form, FitData data, IEnumerable<double[]> starts)
    {
        JsonArray Arr(IEnumerable<double> v) => new(v.Select(x => (JsonNode?)x).ToArray());
        var request = new JsonObject
        {
            ["fits"] = new JsonArray(new JsonObject
            {
                ["name"] = "t", ["form"] = form.Key(), ["delta"] = 1e-3,
                ["x"] = new JsonArray(data.X.Select(c => (JsonNode?)Arr(c)).ToArray()),
                ["y"] = Arr(data.Y),
                ["starts"] = new JsonArray(starts.Select(s => (JsonNode?)Arr(s)).ToArray()),
            }),
        };
        var script = Path.Combine(TestData.RepositoryRoot, "bench", "fit", "scipy_reference.py");
        var output = PythonReference.RunFile(script, request.ToJsonString(), TimeSpan.FromMinutes(3));
        var result = JsonNode.Parse(output)!;
        return ((double)result["loss"]!, result["x"]!.AsArray().Select(v => (double)v!).ToArray());
    }

    [PythonTheory]
    [InlineData("compute_neuro", 1)]        // 150 starts, 620 points
    [InlineData("simclr_behavior", 1)]      // 150 starts, 35 points
    [InlineData("sample_imagenet21kP_scaling", 1)]
    [InlineData("model_vit_avg", 15)]       // shifted law: every 15th of 750 starts
    [InlineData("compute_chinchilla", 150)] // joint law: every 150th of 4500 starts
    public void BestOptimumAgreesWithScipyBfgs(string experiment, int every)
    {
        var e = ExperimentCatalog.Paper.Get(experiment);
        var data = PaperFixture.Data(experiment);
        var full = new InitialGrid(e.Fit.Init);
        var indices = Enumerable.Range(0, full.Count).Where(i => i % every == 0).ToArray();
        var starts = indices.Select(full.Start).ToArray();
        // Our optimiser from exactly these starts.
        var objective = new HuberLseObjective(e.Fit.Form, data.X, data.Y, e.Fit.Delta);
        var ours = starts.Select(s => VvsNotebook.Fitting.Optimization.Bfgs.Minimize(objective.Evaluate, s)).MinBy(r => r.Value)!;
        var (loss, x) = Scipy(e.Fit.Form, data, starts);
        Assert.True(ours.Value <= loss * (1 + 1e-6), $"ours {ours.Value:R} vs scipy {loss:R}");
        Assert.Equal(loss, ours.Value, loss * 1e-4);
        // Same law: predictions agree across the data's range (parameters of flat valleys may differ, curves may not).
        foreach (var i in Enumerable.Range(0, data.Count).Where(i => i % Math.Max(1, data.Count / 25) == 0))
        {
            var x2 = data.X.Count > 1 ? data.X[1][i] : double.NaN;
            Assert.Equal(ScalingLaw.Loss(e.Fit.Form, x, data.X[0][i], x2), ScalingLaw.Loss(e.Fit.Form, ours.X, data.X[0][i], x2), 1e-3);
        }
    }
}
