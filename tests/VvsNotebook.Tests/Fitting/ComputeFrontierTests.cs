using System.Globalization;
using System.Text.Json;
using VvsNotebook.Fitting;
using VvsNotebook.Fitting.Allocation;
using VvsNotebook.Fitting.Bootstrap;
using VvsNotebook.Fitting.Laws;

namespace VvsNotebook.Tests.Fitting;

/// <summary>
/// The compute-optimal frontier of <c>compute_chinchilla</c> with Eq. 9's G and with the paper notebook's inverted G
/// (Fig. 4a), against the fit's own frontier and against numpy doing the notebook's arithmetic.
/// </summary>
public class ComputeFrontierTests
{
    private static readonly double[] Flops = ScalingLawFit.Geomspace(1e14, 3e20, 7);

    // A few replicates near the fit (deterministic), enough to exercise per-replicate frontiers and percentiles.
    private static ScalingLawFit WithReplicates(ScalingLawFit fit)
    {
        var p = fit.ParametersLse;
        var reps = Enumerable.Range(0, 9).Select(i =>
        {
            var s = (i - 4) / 4.0;
            return new[] { p[0] + 0.03 * s, p[1] - 0.2 * s, p[2] * (1 + 0.05 * s), p[3] + 0.1 * s * s, p[4] * (1 - 0.04 * s) };
        }).ToArray();
        return fit.WithBootstrap(new BootstrapResult(LawForm.Chinchilla, 42, reps, reps.Select(_ => 0.0).ToArray()));
    }

    [Fact]
    public void Equation9FrontierIsTheFitsOwn()
    {
        var fit = WithReplicates(PaperFixture.Fit("compute_chinchilla"));
        var frontier = fit.Frontier();
        Assert.Equal(fit.Allocation!.G, frontier.Allocation.G);
        foreach (var c in Flops) Assert.Equal(fit.PredictOnFrontier(c), frontier.Predict(c), 12);
        var mine = frontier.Band(Flops);
        var theirs = fit.FrontierBand(Flops);
        Assert.Equal(9, mine.Replicates);
        for (var k = 0; k < Flops.Length; k++)
        {
            Assert.Equal(theirs.Lower[k], mine.Lower[k], 12);
            Assert.Equal(theirs.Upper[k], mine.Upper[k], 12);
        }
    }

    [Fact]
    public void InvertedFrontierHasThePaperNotebooksNumbers()
    {
        var fit = PaperFixture.Fit("compute_chinchilla");
        var correct = fit.Frontier(FrontierG.Equation9);
        var notebook = fit.Frontier(FrontierG.InvertedAsPaperNotebook);
        // Figure map section 4: G 0.9339 by Eq. 7, 1/G = 1.0707 in the notebook; a', b', m, n shared.
        Assert.Equal(0.9339, correct.Allocation.G, 4);
        Assert.Equal(1.0707, notebook.Allocation.G, 4);
        Assert.Equal(correct.Allocation.APrime, notebook.Allocation.APrime);
        Assert.Equal(correct.Allocation.M, notebook.Allocation.M);
        // N* is 1/G^2 (about 15%) larger, D* as much smaller; N* D* (hence C) is the same.
        Assert.Equal(1 / Math.Pow(correct.Allocation.G, 2), notebook.OptimalN(1e20) / correct.OptimalN(1e20), 10);
        Assert.InRange(notebook.OptimalN(1e20) / correct.OptimalN(1e20), 1.146, 1.147);
        Assert.Equal(notebook.OptimalN(1e20) * notebook.OptimalD(1e20), correct.OptimalN(1e20) * correct.OptimalD(1e20), 1e20 * 1e-12);
        // S along the frontier at C = 1e20: 0.4476 (notebook) vs 0.4477 (Eq. 9); at most 4e-4 apart on the figure's range.
        Assert.Equal(0.4476, notebook.Predict(1e20), 4);
        Assert.Equal(0.4477, correct.Predict(1e20), 4);
        Assert.True(ScalingLawFit.Geomspace(1e14, 3e20, 1000).Max(c => Math.Abs(notebook.Predict(c) - correct.Predict(c))) <= 4e-4);
    }

    [Fact]
    public void InvertedFrontierAndBandMatchNumpyOnThePaperNotebooksArithmetic()
    {
        Assert.Null(DebianPython.Unavailable);
        var fit = WithReplicates(PaperFixture.Fit("compute_chinchilla"));
        var frontier = fit.Frontier(FrontierG.InvertedAsPaperNotebook);
        var band = frontier.Band(Flops);

        // The notebook's inputs: plotting-form parameters (E, A, -alpha, B, -beta) and the scaled data N/1e5, D/1e4, C/1e9.
        static double[] Viz(double[] p) => [Math.Exp(p[0]), Math.Exp(p[1]), -p[2], Math.Exp(p[3]), -p[4]];
        var input = JsonSerializer.Serialize(new
        {
            n = fit.Data.X[0], d = fit.Data.X[1], c = fit.Data.Compute!.Select(v => v / 1e9).ToArray(),
            fit = Viz(fit.ParametersLse), reps = fit.Bootstrap!.Parameters.Select(Viz).ToArray(), flops = Flops,
        });
        var output = PythonReference.Run($$"""
            import json, numpy as np, scipy.stats
            d = json.loads('''{{input}}''')
            N, D, C = (np.array(d[k]) for k in ('n', 'd', 'c'))
            res = scipy.stats.linregress(np.log10(N * D), np.log10(C))
            n, m = res.slope, 10 ** res.intercept
            def frontier_s(p, c):
                E, A, alpha, B, beta = p            # negative exponents, as the notebook passes them
                a1, b1 = beta / (alpha + beta), alpha / (alpha + beta)
                G = (alpha * A / (B * beta)) ** (1 / (alpha + beta))
                Nopt = G * (c / m) ** (a1 / n)
                Dopt = (c / m) ** (b1 / n) / G
                return 1 - (E + A * Nopt ** alpha + B * Dopt ** beta), G, Nopt
            c = np.array(d['flops']) / 1e9
            s, G, Nopt = frontier_s(d['fit'], c)
            ys = np.array([frontier_s(p, c)[0] for p in d['reps']])
            print(json.dumps({'s': s.tolist(), 'G': G, 'N': (Nopt * 1e5).tolist(),
                              'lo': np.percentile(ys, 2.5, axis=0).tolist(), 'hi': np.percentile(ys, 97.5, axis=0).tolist()}))
            """);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        double[] Get(string k) => root.GetProperty(k).EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(root.GetProperty("G").GetDouble(), frontier.Allocation.G, 10);
        var (s, nOpt, lo, hi) = (Get("s"), Get("N"), Get("lo"), Get("hi"));
        for (var k = 0; k < Flops.Length; k++)
        {
            var at = Flops[k].ToString("G3", CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(s[k] - frontier.Predict(Flops[k])) < 1e-10, $"S at {at}");
            Assert.True(Math.Abs(nOpt[k] / frontier.OptimalN(Flops[k]) - 1) < 1e-9, $"N* at {at}");
            Assert.True(Math.Abs(lo[k] - band.Lower[k]) < 1e-10, $"band low at {at}");
            Assert.True(Math.Abs(hi[k] - band.Upper[k]) < 1e-10, $"band high at {at}");
        }
    }
}
