using VvsNotebook.Fitting.Laws;

namespace VvsNotebook.Tests.Fitting;

public class ObjectiveTests
{
    private static readonly Random Rng = new(7);

    private static (double[][] X, double[] Y) Points(LawForm form, int n)
    {
        var x1 = Enumerable.Range(0, n).Select(_ => Math.Pow(10, Rng.NextDouble() * 8 - 2)).ToArray();
        var x2 = Enumerable.Range(0, n).Select(_ => Math.Pow(10, Rng.NextDouble() * 6)).ToArray();
        var y = Enumerable.Range(0, n).Select(_ => 0.4 + 0.5 * Rng.NextDouble()).ToArray();
        return (form == LawForm.Chinchilla ? [x1, x2] : [x1], y);
    }

    private static double[] Parameters(LawForm form) => form switch
    {
        LawForm.PowerLaw => [-0.7, 0.3, 0.2],
        LawForm.PowerLawShift => [-0.7, 2.5, 1.2, 0.4],
        _ => [-0.6, 0.5, 0.3, 0.8, 0.25],
    };

    [Theory]
    [InlineData(LawForm.PowerLaw, 37)]
    [InlineData(LawForm.PowerLawShift, 38)]
    [InlineData(LawForm.Chinchilla, 41)]
    public void AnalyticGradientMatchesCentralDifferences(LawForm form, int n)
    {
        var (x, y) = Points(form, n);
        // A large delta keeps every residual in the smooth quadratic zone, where differences are accurate.
        var objective = new HuberLseObjective(form, x, y, delta: 10);
        var p = Parameters(form);
        var g = new double[p.Length];
        objective.Evaluate(p, g);
        for (var j = 0; j < p.Length; j++)
        {
            var h = 1e-6;
            var plus = (double[])p.Clone();
            var minus = (double[])p.Clone();
            plus[j] += h;
            minus[j] -= h;
            var numeric = (objective.Value(plus) - objective.Value(minus)) / (2 * h);
            Assert.Equal(numeric, g[j], Math.Max(1e-6, Math.Abs(numeric) * 1e-6));
        }
    }

    [Theory]
    [InlineData(LawForm.PowerLaw, 37)]
    [InlineData(LawForm.PowerLawShift, 38)]
    [InlineData(LawForm.Chinchilla, 41)]
    public void VectorisedAndScalarEvaluationsAgree(LawForm form, int n)
    {
        var (x, y) = Points(form, n);
        var objective = new HuberLseObjective(form, x, y, delta: 1e-3);
        var p = Parameters(form);
        var reference = new double[p.Length];
        var value = objective.EvaluateScalar(p, reference);
        // Each SIMD width the CPU has, and whatever Evaluate dispatches to.
        var paths = new List<(string Name, Func<double[], double> Run)> { ("Evaluate", g => objective.Evaluate(p, g)) };
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated) paths.Add(("256-bit", g => objective.EvaluateSimd256(p, g)));
        if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) paths.Add(("512-bit", g => objective.EvaluateSimd512(p, g)));
        foreach (var (name, run) in paths)
        {
            var g = new double[p.Length];
            Assert.True(Math.Abs(run(g) - value) <= Math.Abs(value) * 1e-12, name);
            for (var j = 0; j < p.Length; j++) Assert.True(Math.Abs(g[j] - reference[j]) <= Math.Abs(reference[j]) * 1e-10 + 1e-14, $"{name} gradient {j}");
        }
    }

    [Theory]
    [InlineData(LawForm.PowerLaw)]
    [InlineData(LawForm.PowerLawShift)]
    [InlineData(LawForm.Chinchilla)]
    public void WeightedRowsEqualRepeatedRows(LawForm form)
    {
        var (x, y) = Points(form, 9);
        int[] counts = [1, 3, 1, 2, 1, 1, 4, 1, 2];
        var repeated = Enumerable.Range(0, 9).SelectMany(i => Enumerable.Repeat(i, counts[i])).ToArray();
        var full = new HuberLseObjective(form, x.Select(c => repeated.Select(i => c[i]).ToArray()).ToArray(), repeated.Select(i => y[i]).ToArray(), 1e-3);
        var weighted = new HuberLseObjective(form, x, y, 1e-3, counts.Select(c => (double)c).ToArray());
        var p = Parameters(form);
        double[] g1 = new double[p.Length], g2 = new double[p.Length];
        Assert.Equal(full.Evaluate(p, g1), weighted.Evaluate(p, g2), 1e-12);
        for (var j = 0; j < p.Length; j++) Assert.Equal(g1[j], g2[j], 1e-12);
    }

    [Fact]
    public void ObjectiveIsTheSumOfHuberLossesOfLogResiduals()
    {
        // Two points, hand computed: r = log(E + A x^-alpha) - log y.
        double[] x = [1, 10], y = [0.5, 0.6];
        double e = Math.Log(0.4), a = Math.Log(0.3), alpha = 0.5, delta = 0.05;
        var expected = 0.0;
        for (var i = 0; i < 2; i++)
        {
            var r = Math.Log(0.4 + 0.3 * Math.Pow(x[i], -alpha)) - Math.Log(y[i]);
            expected += Math.Abs(r) <= delta ? 0.5 * r * r : delta * (Math.Abs(r) - delta / 2);
        }
        Assert.Equal(expected, new HuberLseObjective(LawForm.PowerLaw, [x], y, delta).Value([e, a, alpha]), 1e-15);
    }
}
