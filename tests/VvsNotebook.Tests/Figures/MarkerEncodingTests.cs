using System.Text.Json.Nodes;
using VvsNotebook.Figures;

namespace VvsNotebook.Tests.Figures;

/// <summary><see cref="SizeScale"/>, <see cref="PerPointMarkers"/> and <see cref="SeabornFamilyStyle"/>.</summary>
public class MarkerEncodingTests
{
    [Fact]
    public void LogScaleIsLinearInTheLogOfTheValueBetweenTheDataExtremes()
    {
        // matplotlib's LogNorm over [1e5, 1e8] puts 1e6 at 1/3; seaborn then maps [0, 1] linearly onto the sizes.
        var scale = SizeScale.LogOf([1e6, 1e8, 1e5, 3e7], 18, 72);
        Assert.Equal((1e5, 1e8), (scale.VMin, scale.VMax));
        Assert.Equal(18, scale.Of(1e5), 12);
        Assert.Equal(72, scale.Of(1e8), 12);
        Assert.Equal(18 + 54.0 / 3, scale.Of(1e6), 12);
        Assert.Equal(Math.Sqrt(36), scale.DiameterOfArea(1e6), 12);
        Assert.Equal(18, scale.Of(10), 12);      // clipped below the range
        Assert.Equal(72, scale.Of(1e12), 12);    // and above it
    }

    [Fact]
    public void LinearScaleAndDegenerateRanges()
    {
        var linear = SizeScale.LinearOf([0, 10, double.NaN], 0.75, 3);
        Assert.Equal(0.75 + 0.25 * 2.25, linear.Of(2.5), 12);
        Assert.Equal(1.875, SizeScale.LogOf([5, 5], 0.75, 3).Of(5), 12);   // one value: the middle size
        Assert.Throws<ArgumentException>(() => SizeScale.LogOf([0, -1], 1, 2));
    }

    [Fact]
    public void PerPointSizesAndSymbolsKeepTheColourScaleOfAColorScatter()
    {
        var trace = ColorScatter.Create([1, 2], [0.1, 0.2], [10, 1000], "D")
            .WithMarkerSizes([5, 9])
            .WithMarkerSymbols(["circle", "x"]);
        var marker = Json(trace)["data"]![0]!["marker"]!;
        Assert.Equal([5.0, 9.0], marker["size"]!.AsArray().Select(v => (double)v!));
        Assert.Equal(["circle", "x"], marker["symbol"]!.AsArray().Select(v => (string)v!));
        Assert.Equal([1.0, 3.0], marker["color"]!.AsArray().Select(v => (double)v!));   // log10 colours unchanged
        Assert.NotNull(marker["colorscale"]);
    }

    [Fact]
    public void PerPointSizesMergeIntoARecordMarker()
    {
        var trace = PlotlyFigure.Scatter([1, 2], [3, 4], "p", "#008b8b", 7, 0.5).WithMarkerSizes([2, 4]);
        var marker = Json(trace)["data"]![0]!["marker"]!;
        Assert.Equal("#008b8b", (string?)marker["color"]);
        Assert.Equal(0.5, (double)marker["opacity"]!);
        Assert.Equal(4, (double)marker["size"]![1]!);
    }

    [Fact]
    public void LegendEntriesDrawNothingButShowInTheLegend()
    {
        var entry = Json(PerPointMarkers.LegendEntry("ViT", "cross", lineWidth: 2))["data"]![0]!;
        Assert.Equal("ViT", (string?)entry["name"]);
        Assert.True((bool)entry["showlegend"]!);
        Assert.Equal("lines+markers", (string?)entry["mode"]);
        Assert.Null(entry["x"]![0]);
        Assert.Equal("cross", (string?)entry["marker"]!["symbol"]);
    }

    [Fact]
    public void FamiliesGetSeabornsMarkersAndThePapersPaletteInOrderOfAppearance()
    {
        Assert.Equal("circle", SeabornFamilyStyle.Symbol("AlexNet"));
        Assert.Equal("x", SeabornFamilyStyle.Symbol("ConvNeXt"));
        Assert.Equal("star-diamond", SeabornFamilyStyle.Symbol("ResNet"));
        Assert.Equal("#FDC5F5", SeabornFamilyStyle.Color("AlexNet"));
        Assert.Equal("#72DDF7", SeabornFamilyStyle.Color("ResNet"));
        Assert.Equal(PaperStyle.Families["ResNet"], SeabornFamilyStyle.Color("ResNet"));
        Assert.Equal(SeabornFamilyStyle.Symbol("LeViT"), SeabornFamilyStyle.Symbol("LeViT"));
        Assert.DoesNotContain(SeabornFamilyStyle.Symbol("LeViT"), SeabornFamilyStyle.Markers);
        Assert.Equal(PaperStyle.FamilyColor("LeViT"), SeabornFamilyStyle.Color("LeViT"));
    }

    private static JsonNode Json(PlotlyTrace trace) => JsonNode.Parse(new PlotlyFigure().With(trace).ToJson())!;
}
