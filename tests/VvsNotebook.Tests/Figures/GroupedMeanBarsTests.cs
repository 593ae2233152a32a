using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Figures;
using VvsNotebook.Tests.Metrics;

namespace VvsNotebook.Tests.Figures;

public class GroupedMeanBarsTests
{
    private static readonly (string, string, double)[] Observations =
    [
        ("ResNet-18", "Supervised", 0.42), ("ResNet-18", "Supervised", 0.43), ("ResNet-18", "Supervised", 0.41),
        ("ResNet-18", "SimCLR", 0.36),
        ("ViT-B", "Supervised", 0.40), ("ViT-B", "Supervised", 0.44), ("ViT-B", "Supervised", double.NaN),
        ("ViT-B", "DINO", 0.44),
    ];

    [Fact]
    public void Bars_are_means_with_numpy_bootstrap_intervals_and_gaps_where_a_group_is_missing()
    {
        var bars = GroupedMeanBars.Create(Observations, groupOrder: ["Supervised", "SimCLR", "DINO"], resamples: 1000, seed: 3);
        Assert.Equal(["ResNet-18", "ViT-B"], bars.Categories);
        Assert.Equal(4, bars.Bars.Count);
        Assert.Null(bars.Find("ViT-B", "SimCLR"));
        var sup = bars.Find("ResNet-18", "Supervised")!.Interval;
        Assert.Equal(0.42, sup.Mean, 12);
        Assert.Equal(3, sup.Count);
        var vit = bars.Find("ViT-B", "Supervised")!.Interval;
        Assert.Equal(2, vit.Count); // NaN left out, as pandas' mean skips it
        Assert.Equal(0.42, vit.Mean, 12);
        var single = bars.Find("ResNet-18", "SimCLR")!.Interval;
        Assert.Equal((0.36, 0.36), (single.Low, single.High));

        using var py = new PythonReference();
        var r = py.Run("""
v = inputs['v'][0]
idx = np.random.default_rng(3).integers(0, len(v), size=(1000, len(v)))
outputs['ci'] = np.percentile(v[idx].mean(axis=1), [2.5, 97.5])
""", new Dictionary<string, Matrix<double>> { ["v"] = Matrix<double>.Build.DenseOfRowArrays([0.42, 0.43, 0.41]) });
        Assert.Equal(r["ci"].Data[0], sup.Low, 12);
        Assert.Equal(r["ci"].Data[1], sup.High, 12);
    }

    [Fact]
    public void Traces_are_one_bar_trace_per_group_with_asymmetric_error_bars_in_category_order()
    {
        var bars = GroupedMeanBars.Create(Observations, groupOrder: ["Supervised", "SimCLR", "DINO"], resamples: 200);
        var traces = bars.Traces(new Dictionary<string, string> { ["Supervised"] = "#FDC5F5" }, new Dictionary<string, string> { ["DINO"] = "DINO (ViT)" });
        Assert.Equal(["Supervised", "SimCLR", "DINO (ViT)"], traces.Select(t => t.Name));
        Assert.All(traces, t => Assert.Equal("bar", t.Type));
        Assert.Equal("#FDC5F5", traces[0].Marker!.Color);
        Assert.Equal(["ResNet-18", "ViT-B"], traces[0].X!.Cast<string>());
        Assert.False(traces[0].ErrorY!["symmetric"]!.GetValue<bool>());
        Assert.True(traces[0].ErrorY!["array"]![0]!.GetValue<double>() > 0);
        Assert.Null(traces[1].ErrorY!["array"]![0]); // SimCLR has one model: no error bar (plotly draws none for null)
        var json = new PlotlyFigure { Layout = new PlotlyLayout { Extra = bars.LayoutExtra() } }.With(traces).ToJsonObject();
        Assert.Equal("group", json["layout"]!["barmode"]!.GetValue<string>());
        Assert.Equal(["ResNet-18", "ViT-B"], json["layout"]!["xaxis"]!["categoryarray"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Contains("missing", Assert.Throws<ArgumentException>(() => GroupedMeanBars.Create(Observations, groupOrder: ["Supervised"])).Message);
    }
}
