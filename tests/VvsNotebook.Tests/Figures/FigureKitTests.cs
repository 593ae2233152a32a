using System.Text.Json.Nodes;
using VvsNotebook.Figures;
using VvsNotebook.Fitting;

namespace VvsNotebook.Tests.Figures;

/// <summary>The pieces figure notebooks compose: fit traces, subplot grids, coloured scatters, checks and run parameters.</summary>
public sealed class FigureKitTests
{
    private static ScalingLawFit SyntheticFit(int bootstraps)
    {
        var x = ScalingLawFit.Geomspace(1e15, 1e19, 12);
        var data = FitData.Create(["total_flops"], [1e13], [x.Select(c => c / 1e13).ToArray()], x.Select(c => 0.4 + 0.5 * Math.Pow(c / 1e13, -0.2)).ToArray());
        var fitter = new ScalingLawFitter { MaxDegreeOfParallelism = 1 };
        var fit = fitter.Fit(data);
        return bootstraps == 0 ? fit : fit.WithBootstrap(fitter.Bootstrap(fit, bootstraps));
    }

    [Fact]
    public void fit_traces_draw_points_band_and_line_to_the_extended_x_in_one_legend_group()
    {
        var fit = SyntheticFit(8);
        var traces = fit.Traces(new FitStyle { Color = PaperStyle.Neural, XExtend = 10, Label = "Neural", PointsLabel = null });
        Assert.Equal(4, traces.Length); // points, band lower, band upper, line
        Assert.Equal(["markers", "lines", "lines", "lines"], traces.Select(t => t.Mode));
        Assert.False(traces[0].ShowLegend);
        Assert.Equal("Neural", traces[^1].Name);
        Assert.Single(traces.Select(t => t.LegendGroup).Distinct());
        Assert.Equal(1e20, (double)traces[^1].X![^1]!, 1e6); // 10x the largest C, as x_extend = 10
        Assert.Equal("rgba(64,224,208,0.2)", traces[2].FillColor);
        Assert.Equal(fit.Predict(1e17), traces[^1].Y!.Zip(traces[^1].X!).MinBy(p => Math.Abs(Math.Log((double)p.Second! / 1e17))).First, 1e-2);

        var noBand = SyntheticFit(0).Traces(new FitStyle { BandXExtend = 1 });
        Assert.Equal(2, noBand.Length);
    }

    [Fact]
    public void the_band_keeps_its_own_extension_when_asked()
    {
        var traces = SyntheticFit(8).Traces(new FitStyle { XExtend = 10, BandXExtend = 1 });
        Assert.Equal(1e19, (double)traces[1].X![^1]!, 1e5);
        Assert.Equal(1e20, (double)traces[^1].X![^1]!, 1e6);
    }

    [Fact]
    public void a_grid_places_each_panel_on_its_own_axes_with_its_heading_and_one_legend_entry_per_name()
    {
        PlotlyFigure Panel(string title) => new PlotlyFigure
        {
            Layout = new PlotlyLayout { Title = title, XAxis = PlotlyAxis.Log("C"), YAxis = new PlotlyAxis("S", Range: [0, 0.5]) },
        }.With(PlotlyFigure.LineTrace([1, 2], [0.1, 0.2], "neural"));
        var grid = PlotlyGrid.Grid(2, [Panel("ResNet"), Panel("EfficientNet"), Panel("ConvNeXt")], "Fig. 2a");
        var json = grid.ToJsonObject();
        var layout = json["layout"]!;
        Assert.Equal("log", layout["xaxis3"]!["type"]!.GetValue<string>());
        Assert.Equal("y3", layout["xaxis3"]!["anchor"]!.GetValue<string>());
        Assert.Equal(0.5, layout["yaxis2"]!["range"]![1]!.GetValue<double>());
        // Two columns with a 0.08 gap: the second starts at 0.54; the second row sits below the first.
        Assert.Equal(0.54, layout["xaxis2"]!["domain"]![0]!.GetValue<double>(), 1e-12);
        Assert.True(layout["yaxis3"]!["domain"]![1]!.GetValue<double>() < layout["yaxis"]!["domain"]![0]!.GetValue<double>());
        Assert.Equal(["ResNet", "EfficientNet", "ConvNeXt"], layout["annotations"]!.AsArray().Select(a => a!["text"]!.GetValue<string>()));
        var data = json["data"]!.AsArray();
        Assert.Equal(["x", "x2", "x3"], data.Select(t => t!["xaxis"]!.GetValue<string>()));
        Assert.Equal([null, false, false], data.Select(t => t!["showlegend"]?.GetValue<bool>()));
        Assert.Throws<ArgumentException>(() => PlotlyGrid.Grid(2, []));
    }

    [Fact]
    public void a_color_scatter_colours_by_log10_with_power_of_ten_ticks()
    {
        var trace = ColorScatter.Create([1, 2, 3], [0.1, 0.2, 0.3], [1e3, 1e5, 1e7], "Number of Samples Seen");
        var marker = trace.Extra!["marker"]!;
        Assert.Equal([3.0, 5.0, 7.0], marker["color"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Equal(["10<sup>3</sup>", "10<sup>4</sup>", "10<sup>5</sup>", "10<sup>6</sup>", "10<sup>7</sup>"],
            marker["colorbar"]!["ticktext"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Throws<ArgumentException>(() => ColorScatter.Create([1, 2], [0.1], [1, 2], "x"));
    }

    [Fact]
    public void paper_checks_pass_silently_and_fail_naming_every_drifted_number()
    {
        var ok = new PaperChecks("Fig. 1b").Near("neural S_hat", 0.4773, 0.48, 0.005).Equal("models", 620, 620).Assert();
        Assert.StartsWith("Fig. 1b: 2 of 2 checks pass", ok.ToString());
        Assert.Contains("✓", ok.ToMimeBundle()["text/html"]);

        var drifted = new PaperChecks("Fig. 2c").Near("S_hat", 0.47, 0.44, 0.005).Between("r", 0.5, 0.6, 0.7).That("ordered", true, "V1 < IT");
        var e = Assert.Throws<PaperCheckException>(() => drifted.Assert());
        Assert.Contains("2 of 3 checks failed", e.Message);
        Assert.Contains("S_hat: got 0.47, expected 0.44 ± 0.005", e.Message);
        Assert.Contains("r: got 0.5, expected in [0.6, 0.7]", e.Message);
        Assert.Throws<PaperCheckException>(() => new PaperChecks("empty").Assert());
        Assert.False(new PaperChecks("nan").Near("x", double.NaN, 0, 1).AllPassed);
    }

    [Fact]
    public void figure_run_reads_its_parameters_from_the_environment_and_refuses_bad_values()
    {
        var before = Environment.GetEnvironmentVariable("VVS_BOOTSTRAPS");
        try
        {
            Environment.SetEnvironmentVariable("VVS_BOOTSTRAPS", null);
            Assert.Equal(1000, FigureRun.Bootstraps);
            Assert.Equal(0.004, FigureRun.BandTolerance(0.004));
            Environment.SetEnvironmentVariable("VVS_BOOTSTRAPS", "100");
            Assert.Equal(100, FigureRun.Bootstraps);
            Assert.Equal(0.015, FigureRun.BandTolerance(0.004));
            Environment.SetEnvironmentVariable("VVS_BOOTSTRAPS", "many");
            Assert.Contains("whole number", Assert.Throws<FormatException>(() => FigureRun.Bootstraps).Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("VVS_BOOTSTRAPS", before);
        }
        Assert.Contains("panel name", Assert.Throws<ArgumentException>(() => FigureRun.Save(new PlotlyFigure(), "fig1b.png")).Message);
    }
}
