using System.Text.Json.Nodes;
using VvsNotebook.Display;
using VvsNotebook.Figures;

namespace VvsNotebook.Tests.Figures;

public class PlotlyFigureTests
{
    private static PlotlyFigure Sample() => new PlotlyFigure
    {
        Layout = new PlotlyLayout { Title = "t", XAxis = PlotlyAxis.Log("C"), YAxis = new PlotlyAxis("S") },
    }.With(PlotlyFigure.Scatter([1, 10, 100], [0.1, 0.2, double.NaN], "data", "#008b8b"))
     .With(PlotlyFigure.Band([1, 10], [0.1, 0.15], [0.2, 0.25], "95% band", "rgba(0,139,139,0.2)"))
     .With(PlotlyFigure.Bar(["V1", "IT"], [0.1, 0.3], "gain", errorPlus: [0.01, 0.02]));

    [Fact]
    public void JsonHasTracesLogAxisAndAFilledBand()
    {
        var json = JsonNode.Parse(Sample().ToJson())!;
        var data = json["data"]!.AsArray();
        Assert.Equal(4, data.Count);
        Assert.Equal("log", (string?)json["layout"]!["xaxis"]!["type"]);
        Assert.Equal("C", (string?)json["layout"]!["xaxis"]!["title"]!["text"]);
        Assert.Null(data[0]!["y"]![2]);                           // NaN becomes a gap
        Assert.Null(data[1]!["fill"]);
        Assert.Equal("tonexty", (string?)data[2]!["fill"]);       // upper edge fills down to the lower one
        Assert.Equal(data[1]!["legendgroup"]!.ToString(), data[2]!["legendgroup"]!.ToString());
        Assert.Equal("bar", (string?)data[3]!["type"]);
        Assert.Equal(0.02, (double)data[3]!["error_y"]!["array"]![1]!);
    }

    [Fact]
    public void StandalonePagesShareOnePlotlyJsBesideThemOrInlineIt()
    {
        var dir = Directory.CreateTempSubdirectory("vvs-fig-").FullName;
        try
        {
            Sample().WriteHtml(Path.Combine(dir, "a.html"), "title");
            Sample().WriteHtml(Path.Combine(dir, "b.html"));
            // One shared, versioned copy of the embedded plotly.js, loaded relatively (works from disk, offline).
            var copy = Path.Combine(dir, PlotlyJs.FileName);
            Assert.Equal(["a.html", "b.html", PlotlyJs.FileName], Directory.GetFiles(dir).Select(Path.GetFileName).Order());
            Assert.Equal(PlotlyJs.Script, File.ReadAllText(copy));
            var page = File.ReadAllText(Path.Combine(dir, "a.html"));
            Assert.Contains($"src=\"{PlotlyJs.FileName}\"", page);
            Assert.Contains("Plotly.newPlot", page);
            Assert.True(page.Length < 100_000, $"a page that shares plotly.js is {page.Length} characters");

            Sample().WriteHtml(Path.Combine(dir, "alone.html"), selfContained: true);
            var alone = File.ReadAllText(Path.Combine(dir, "alone.html"));
            Assert.Contains(PlotlyJs.Script[..2000], alone);
            Assert.DoesNotMatch("<script[^>]*src=", alone);
            Assert.DoesNotContain("cdn.plot.ly/plotly", alone);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void EmbeddedPlotlyJsIsTheOneEnvironmentPins()
    {
        // environment/package.json pins plotly.js-dist-min; the assembly carries that build (no checkout needed).
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "VvsNotebook.slnx"))) root = root.Parent!;
        var pinned = JsonNode.Parse(File.ReadAllText(Path.Combine(root.FullName, "environment", "package.json")))!["dependencies"]!["plotly.js-dist-min"]!.GetValue<string>();
        Assert.Equal(pinned, PlotlyJs.Version);
        Assert.Equal($"plotly-{pinned}.min.js", PlotlyJs.FileName);
        Assert.True(PlotlyJs.Script.Length > 1_000_000);
    }

    [Fact]
    public void HtmlFragmentLoadsNothingAndWaitsForThePagesPlotly()
    {
        var html = Sample().ToHtmlFragment();
        Assert.True(NotebookPlotly.DrawsFigure(html));
        Assert.DoesNotMatch("<script[^>]*src=", html);
        Assert.DoesNotContain("http", html);
        Assert.Contains("__vvsPlotlyQueue", html);
        Assert.True(html.Length < 10_000);
    }

    [Fact]
    public void MimeBundleHasPlainPlotlyAndHtml()
    {
        var bundle = ((IMimeRenderable)Sample()).ToMimeBundle();
        Assert.Contains(MimeTypes.Plain, bundle.Keys);
        Assert.NotNull(JsonNode.Parse(bundle[MimeTypes.Plotly])!["data"]);
        Assert.Contains("<div id=", bundle[MimeTypes.Html]);
    }
}
