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
    public void StandaloneHtmlInlinesPlotlyJsAndIsWrittenAtomically()
    {
        var dir = Directory.CreateTempSubdirectory("vvs-fig-").FullName;
        try
        {
            var js = Path.Combine(dir, "plotly.min.js");
            File.WriteAllText(js, "/* plotly stand-in */ window.Plotly={newPlot:function(){}};");
            var html = Path.Combine(dir, "out", "fig.html");
            Directory.CreateDirectory(Path.GetDirectoryName(html)!);
            Sample().WriteHtml(html, "title", js);
            var text = File.ReadAllText(html);
            Assert.Contains("plotly stand-in", text);
            Assert.Contains("Plotly.newPlot", text);
            Assert.DoesNotContain("cdn.plot.ly", text);
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(html)!));
            Assert.Throws<FileNotFoundException>(() => Sample().WriteHtml(Path.Combine(dir, "x.html"), null, Path.Combine(dir, "missing.js")));
            Assert.False(File.Exists(Path.Combine(dir, "x.html")));
        }
        finally { Directory.Delete(dir, true); }
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
