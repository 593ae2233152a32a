using System.Globalization;
using System.Text;
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
    /// <summary>Python: the paper's objective, BFGS from each given start, best loss and parameters as JSON.</summary>
    private const string Reference = """
        import sys, json, numpy as np
        from scipy.optimize import minimize
        from scipy.special import huber, logsumexp
        d = json.load(sys.stdin)
        X = [np.array(c) for c in d["x"]]; logy = np.log(np.array(d["y"])); delta = d["delta"]; form = d["form"]
        def lse_terms(p):
            if form == "power_law":
                e, a, al = p; return [np.full_like(logy, e), a - al * np.log(X[0])]
            if form == "power_law_shift":
                e, a, lam, al = p; return [np.full_like(logy, e), a - al * np.log(X[0] + 10 ** lam)]
            e, a, al, b, be = p; return [np.full_like(logy, e), a - al * np.log(X[0]), b - be * np.log(X[1])]
        def obj(p):
            return np.sum(huber(delta, logsumexp(np.stack(lse_terms(p)), axis=0) - logy))
        best = None
        for s in d["starts"]:
            r = minimize(obj, np.array(s, dtype=float), method="BFGS")
            if best is None or r.fun < best.fun: best = r
        print(json.dumps({"loss": float(best.fun), "x": [float(v) for v in best.x]}))
        """;

    private static (double Loss, double[] X) Scipy(LawForm form, FitData data, IEnumerable<double[]> starts)
    {
        string Arr(IEnumerable<double> v) => "[" + string.Join(",", v.Select(x => x.ToString("R", CultureInfo.InvariantCulture))) + "]";
        var json = new StringBuilder()
            .Append("{\"form\":\"").Append(form.Key()).Append("\",\"delta\":1e-3,")
            .Append("\"x\":[").Append(string.Join(",", data.X.Select(Arr))).Append("],")
            .Append("\"y\":").Append(Arr(data.Y)).Append(',')
            .Append("\"starts\":[").Append(string.Join(",", starts.Select(Arr))).Append("]}").ToString();
        var output = PythonReference.Run($"import sys, io\nsys.stdin = io.StringIO({Quote(json)})\n" + Reference, TimeSpan.FromMinutes(3));
        var doc = System.Text.Json.JsonDocument.Parse(output);
        return (doc.RootElement.GetProperty("loss").GetDouble(), doc.RootElement.GetProperty("x").EnumerateArray().Select(e => e.GetDouble()).ToArray());
    }

    private static string Quote(string s) => "'" + s.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    [Theory]
    [InlineData("compute_neuro", 1)]        // 150 starts, 620 points
    [InlineData("simclr_behavior", 1)]      // 150 starts, 35 points
    [InlineData("sample_imagenet21kP_scaling", 1)]
    [InlineData("model_vit_avg", 15)]       // shifted law: every 15th of 750 starts
    [InlineData("compute_chinchilla", 150)] // joint law: every 150th of 4500 starts
    public void BestOptimumAgreesWithScipyBfgs(string experiment, int every)
    {
        Assert.True(PythonReference.Unavailable is null, PythonReference.Unavailable);
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
