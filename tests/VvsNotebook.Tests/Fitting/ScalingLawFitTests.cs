using VvsNotebook.Fitting;

namespace VvsNotebook.Tests.Fitting;

public class ScalingLawFitTests
{
    [Fact]
    public void JsonRecordHasExactlyTheIssuesFields()
    {
        var power = FitJson.ToJson(PaperFixture.Fit("compute_neuro"));
        Assert.Equal(["name", "form", "n_points", "loss", "params_lse", "s_hat", "A", "alpha", "best_start", "starts_at_best", "warnings"],
            power.Select(kv => kv.Key));
        Assert.Equal("power_law", (string?)power["form"]);
        Assert.Equal(620, (int)power["n_points"]!);
        Assert.Equal(3, power["params_lse"]!.AsArray().Count);

        var joint = FitJson.ToJson(PaperFixture.Fit("compute_chinchilla"));
        Assert.Equal(["name", "form", "n_points", "loss", "params_lse", "s_hat", "A", "alpha", "B", "beta", "best_start", "starts_at_best", "warnings", "allocation"],
            joint.Select(kv => kv.Key));
        Assert.Equal(["a", "b", "G", "m", "n", "N_exponent", "D_exponent"], joint["allocation"]!.AsObject().Select(kv => kv.Key));

        var shift = FitJson.ToJson(PaperFixture.Fit("sample_imagenet21kP_scaling").WithBootstrap(
            new VvsNotebook.Fitting.Bootstrap.BootstrapResult(VvsNotebook.Fitting.Laws.LawForm.PowerLaw, 42,
                [[-0.7, 0.1, 0.2], [-0.6, 0.2, 0.3]], [0.1, 0.2])));
        Assert.Equal(["n", "seed", "params_lse_p2_5", "params_lse_p50", "params_lse_p97_5"], shift["bootstrap"]!.AsObject().Select(kv => kv.Key));
    }

    [Fact]
    public void FrontierBandLeavesOutReplicatesWithoutAFrontierInsteadOfTurningNaN()
    {
        // A joint law with known parameters (e, a, alpha, b, beta) on a 3 x 3 grid of N and D with C = 6 N D. One
        // replicate repeats the law, the other has beta < 0 (L rises with D: no allocation minimises it, G is NaN). The
        // band must be the first replicate's frontier alone, which is the fit's own.
        double[] law = [Math.Log(0.3), Math.Log(0.5), 0.4, Math.Log(0.6), 0.3];
        var n = new[] { 1e3, 1e4, 1e5 }.SelectMany(v => new[] { v, v, v }).ToArray();
        var d = Enumerable.Repeat(new[] { 1e2, 1e3, 1e4 }, 3).SelectMany(v => v).ToArray();
        var compute = n.Zip(d, (a, b) => 6 * a * b).ToArray();
        var data = FitData.Create(["n_params", "n_samples_seen"], [1e2, 1e1], [n.Select(v => v / 1e2).ToArray(), d.Select(v => v / 1e1).ToArray()],
            n.Zip(d, (a, b) => 0.3 + 0.5 * Math.Pow(a / 1e2, -0.4) + 0.6 * Math.Pow(b / 1e1, -0.3)).ToArray(), compute: compute);
        var fit = new ScalingLawFit
        {
            Form = VvsNotebook.Fitting.Laws.LawForm.Chinchilla, Data = data, ParametersLse = law, Loss = 0, BestStart = law,
        }.WithBootstrap(new VvsNotebook.Fitting.Bootstrap.BootstrapResult(VvsNotebook.Fitting.Laws.LawForm.Chinchilla, 42,
            [law, [law[0], law[1], law[2], law[3], -0.3]], [0, 0]));

        double[] budgets = [1e7, 1e9, 1e11];
        var band = fit.FrontierBand(budgets);

        Assert.Equal(1, band.Replicates);
        for (var k = 0; k < budgets.Length; k++)
        {
            Assert.Equal(fit.PredictOnFrontier(budgets[k]), band.Lower[k], 12);
            Assert.Equal(fit.PredictOnFrontier(budgets[k]), band.Upper[k], 12);
        }
    }

    [Fact]
    public void PredictAndScoreUseRawUnits()
    {
        var fit = PaperFixture.Fit("compute_neuro");
        Assert.Equal(fit.SHat - fit.A * Math.Pow(1e17 / 1e13, -fit.Alpha), fit.Predict(1e17), 12);
        var s = fit.Data.Y.Select(y => 1 - y).ToArray();
        var predicted = fit.Data.X[0].Select(x => fit.SHat - fit.A * Math.Pow(x, -fit.Alpha)).ToArray();
        var r2 = 1 - s.Zip(predicted, (a, p) => (a - p) * (a - p)).Sum() / s.Sum(a => (a - s.Average()) * (a - s.Average()));
        Assert.Equal(r2, fit.Score(), 10);
        Assert.Throws<InvalidOperationException>(() => fit.Predict(1e9, 1e6));
    }
}
