using VvsNotebook.Fitting;
using VvsNotebook.Fitting.Laws;

namespace VvsNotebook.Tests.Fitting;

/// <summary>Data generated from known laws (with mild multiplicative noise) is fitted back to its parameters.</summary>
public class SyntheticRecoveryTests
{
    private static FitData Generate(LawForm form, double[] truth, int n, double noise, int seed)
    {
        var rng = new Random(seed);
        var x1 = Enumerable.Range(0, n).Select(i => Math.Pow(10, -1 + 7.0 * i / (n - 1))).ToArray();
        var x2 = Enumerable.Range(0, n).Select(_ => Math.Pow(10, rng.NextDouble() * 5)).ToArray();
        var y = Enumerable.Range(0, n).Select(i =>
            ScalingLaw.Loss(form, truth, x1[i], x2[i]) * Math.Exp(noise * (rng.NextDouble() - 0.5))).ToArray();
        IReadOnlyList<double[]> x = form == LawForm.Chinchilla ? [x1, x2] : [x1];
        IReadOnlyList<string> names = form == LawForm.Chinchilla ? ["n_params", "n_samples_seen"] : ["total_flops"];
        return FitData.Create(names, names.Select(_ => 1.0).ToArray(), x, y);
    }

    [Fact]
    public void PowerLawParametersAreRecovered()
    {
        double[] truth = [Math.Log(0.52), Math.Log(0.55), 0.16];
        var fit = new ScalingLawFitter { Form = LawForm.PowerLaw }.Fit(Generate(LawForm.PowerLaw, truth, 120, 0.002, 1));
        Assert.Equal(0.48, fit.SHat, 2);
        Assert.Equal(0.55, fit.A, 2);
        Assert.Equal(0.16, fit.Alpha, 2);
        Assert.True(fit.StartsAtBest > 1);
        Assert.True(fit.Score() > 0.99);
    }

    [Fact]
    public void ShiftedPowerLawParametersAreRecovered()
    {
        double[] truth = [Math.Log(0.55), Math.Log(4.0), 1.5, 0.4];
        var fit = new ScalingLawFitter { Form = LawForm.PowerLawShift }.Fit(Generate(LawForm.PowerLawShift, truth, 150, 0.0, 2));
        Assert.Equal(truth[0], fit.ParametersLse[0], 3);
        Assert.Equal(4.0, fit.A, 2);
        Assert.Equal(1.5, fit.Lambda!.Value, 2);
        Assert.Equal(0.4, fit.Alpha, 3);
    }

    [Fact]
    public void JointLawParametersAreRecovered()
    {
        double[] truth = [Math.Log(0.5), Math.Log(0.3), 0.5, Math.Log(0.6), 0.25];
        var grid = new InitialGrid(InitialGrid.Paper(LawForm.Chinchilla).Axes.Select(a =>
            new KeyValuePair<string, IReadOnlyList<double>>(a.Key, a.Value.Where((_, i) => i % 2 == 0).ToArray())).ToArray());
        var fit = new ScalingLawFitter { Form = LawForm.Chinchilla, Grid = grid }.Fit(Generate(LawForm.Chinchilla, truth, 200, 0.0, 3));
        Assert.Equal(0.5, fit.SHat, 3);
        Assert.Equal(0.3, fit.A, 3);
        Assert.Equal(0.5, fit.Alpha, 3);
        Assert.Equal(0.6, fit.B!.Value, 3);
        Assert.Equal(0.25, fit.Beta!.Value, 3);
    }

    [Fact]
    public void BfgsFindsTheRosenbrockMinimum()
    {
        VvsNotebook.Fitting.Optimization.ObjectiveWithGradient rosen = (x, g) =>
        {
            g[0] = -400 * x[0] * (x[1] - x[0] * x[0]) - 2 * (1 - x[0]);
            g[1] = 200 * (x[1] - x[0] * x[0]);
            return 100 * Math.Pow(x[1] - x[0] * x[0], 2) + Math.Pow(1 - x[0], 2);
        };
        var r = VvsNotebook.Fitting.Optimization.Bfgs.Minimize(rosen, [-1.2, 1.0]);
        Assert.True(r.Converged);
        Assert.Equal(1.0, r.X[0], 4);
        Assert.Equal(1.0, r.X[1], 4);
    }
}
