using System.Globalization;
using System.Text.Json.Nodes;
using VvsNotebook.Figures;
using VvsNotebook.Fitting;
using VvsNotebook.Fitting.Laws;

namespace VvsNotebook.Tests.Figures;

/// <summary>LegendLaw, PanelLegends and MeanLine: the building blocks of Figs. 2, 3 and 5.</summary>
public class FigureBlocksTests
{
    private static ScalingLawFit Fit(LawForm form, double[] p, string column = "total_flops", double scale = 1e13) => new()
    {
        Form = form,
        Data = FitData.Create([column], [scale], [[1.0, 10.0, 100.0]], [0.9, 0.8, 0.7]),
        ParametersLse = p,
        Loss = 0,
        BestStart = p,
    };

    [Fact]
    public void LegendLawPrintsTwoDecimalsAsTheOriginalFigures()
    {
        // e = log(0.52) -> S_hat 0.48; A = 0.55; alpha = 0.16: the Fig. 1b neural legend.
        var fit = Fit(LawForm.PowerLaw, [Math.Log(0.52), Math.Log(0.55), 0.16]);
        Assert.Equal("S = 0.48 − 0.55 C\u0303<sup>−0.16</sup>", LegendLaw.Of(fit));
        // S_hat 1 prints as 1.00 (the compact Law prints "1").
        var behavior = Fit(LawForm.PowerLaw, [Math.Log(1e-9), Math.Log(1.4), 0.06], "n_params", 1e5);
        Assert.Equal("S = 1.00 − 1.40 N\u0303<sup>−0.06</sup>", LegendLaw.Of(behavior));
    }

    [Fact]
    public void LegendLawWritesTheShiftedLawsCoefficientAsAPowerOfTen()
    {
        // The released model_vit_neuro optimum (e, a, lambda, alpha).
        var fit = Fit(LawForm.PowerLawShift, [-0.52741614, 8.91462952, 5.20988546, 0.83607365], "n_samples_seen", 1e4);
        Assert.Equal("S = 0.41 − 10<sup>3.87</sup> (D\u0303 + 10<sup>5.21</sup>)<sup>−0.84</sup>", LegendLaw.Of(fit));
        Assert.Equal("0.00", LegendLaw.Number(-0.001));
        Assert.Equal("−0.01", LegendLaw.Number(-0.0051));
    }

    [Fact]
    public void PanelLegendsPutOneLegendInsideEachPanel()
    {
        PlotlyFigure Panel(string name, PlotlyLegend at) => new PlotlyFigure { Layout = new PlotlyLayout { Title = name, Legend = at } }
            .With(PlotlyFigure.LineTrace([1, 2], [1, 2], "same name", "#000000"), PlotlyFigure.Scatter([1], [1], "hidden") with { ShowLegend = false });
        var grid = PanelLegends.Grid(2, [Panel("a", PlotlyLegend.UpperLeft), Panel("b", PlotlyLegend.LowerRight), Panel("c", PlotlyLegend.UpperLeft)],
            horizontalGap: 0.1, verticalGap: 0.2);
        var json = JsonNode.Parse(grid.ToJson())!;
        var data = json["data"]!.AsArray();
        Assert.Equal(["legend", "legend", "legend2", "legend2", "legend3", "legend3"], data.Select(t => (string)t!["legend"]!));
        // The same name shows in every panel's own legend; hidden entries stay hidden.
        Assert.All(new[] { 0, 2, 4 }, i => Assert.Null(data[i]!["showlegend"]));
        Assert.All(new[] { 1, 3, 5 }, i => Assert.False((bool)data[i]!["showlegend"]!));
        Assert.Equal("y3", (string)data[4]!["yaxis"]!);
        var layout = json["layout"]!;
        // Panel 2 sits at x in [0.55, 1], y in [0.6, 1]: its lower-right corner, 1% in.
        Assert.Equal(0.55 + 0.99 * 0.45, (double)layout["legend2"]!["x"]!, 12);
        Assert.Equal(0.6 + 0.01 * 0.4, (double)layout["legend2"]!["y"]!, 12);
        Assert.Equal("right", (string)layout["legend2"]!["xanchor"]!);
        Assert.Equal("bottom", (string)layout["legend2"]!["yanchor"]!);
        // Panel 3, second row: upper left of x [0, 0.45], y [0, 0.4].
        Assert.Equal(0.01 * 0.45, (double)layout["legend3"]!["x"]!, 12);
        Assert.Equal(0.99 * 0.4, (double)layout["legend3"]!["y"]!, 12);
    }

    [PythonFact]
    public void MeanLineAveragesEachDistinctXAndBootstrapsItsMeanAsNumpy()
    {
        var points = new (double X, double Y)[]
        {
            (10, 0.30), (1, 0.10), (10, 0.32), (1, 0.14), (100, 0.41), (1, 0.11), (10, 0.29), (10, 0.35), (double.NaN, 0.5), (1, 0.20),
        };
        var line = MeanLine.Summarize(points, 95, 1000, seed: 7);
        Assert.Equal([1.0, 10.0, 100.0], line.Select(p => p.X));
        Assert.Equal([4, 4, 1], line.Select(p => p.Interval.Count));
        Assert.Equal(0.1375, line[0].Interval.Mean, 12);
        Assert.Equal((0.41, 0.41), (line[2].Interval.Low, line[2].Interval.High));

        // seaborn's errorbar=("ci", 95): percentile interval of 1000 resampled means (numpy's generator, seeded).
        var script = """
            import numpy as np
            for v in ([0.10, 0.14, 0.11, 0.20], [0.30, 0.32, 0.29, 0.35]):
                v = np.array(v)
                idx = np.random.default_rng(7).integers(0, len(v), size=(1000, len(v)))
                m = v[idx].mean(axis=1)
                lo, hi = np.percentile(m, [2.5, 97.5])
                print(repr(lo), repr(hi))
            """;
        var reference = DebianPython.Run(["-"], script).Trim().Split('\n')
            .Select(l => l.Split(' ').Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(reference[i][0], line[i].Interval.Low, 12);
            Assert.Equal(reference[i][1], line[i].Interval.High, 12);
        }

        var traces = MeanLine.Traces(line, "ResNet", "#72DDF7", "dash", "x");
        var json = JsonNode.Parse(new PlotlyFigure().With(traces).ToJson())!["data"]!.AsArray();
        Assert.Equal(3, json.Count);
        Assert.Equal("tonexty", (string)json[1]!["fill"]!);
        Assert.Equal("lines+markers", (string)json[2]!["mode"]!);
        Assert.Equal("x", (string)json[2]!["marker"]!["symbol"]!);
        Assert.Equal("dash", (string)json[2]!["line"]!["dash"]!);
        Assert.Equal(0.1375, (double)json[2]!["y"]![0]!, 12);
    }
}
