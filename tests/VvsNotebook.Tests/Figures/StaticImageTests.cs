using System.Buffers.Binary;
using System.Xml.Linq;
using VvsNotebook.Figures;

namespace VvsNotebook.Tests.Figures;

/// <summary>
/// Offline rendering in headless Chromium (Debian's chromium, from environment/apt-packages.txt): PNG and SVG export,
/// and the notebook loader on a page that runs RequireJS, as classic notebook and nbconvert pages do.
/// </summary>
public class StaticImageTests
{
    private static PlotlyFigure Sample() => new PlotlyFigure
    {
        Layout = new PlotlyLayout { Title = "alignment vs compute", XAxis = PlotlyAxis.Log("compute C"), YAxis = new PlotlyAxis("S") },
    }.With(PlotlyFigure.Scatter([1e15, 1e16, 1e17, 1e18], [0.2, 0.3, 0.35, 0.38], "models", "#008b8b", 9))
     .With(PlotlyFigure.LineTrace([1e15, 1e18], [0.21, 0.39], "fitted law", "#b22222", 3));

    [Fact]
    public void SavePngWritesAPngOfTheRequestedSize()
    {
        var dir = Directory.CreateTempSubdirectory("vvs-png-").FullName;
        try
        {
            var path = Path.Combine(dir, "figure.png");
            Sample().SavePng(path, width: 640, height: 360, scale: 2);
            var png = File.ReadAllBytes(path);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
            Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
            Assert.Equal(1280, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
            Assert.Equal(720, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
            Assert.True(png.Length > 10_000, $"a {png.Length}-byte PNG cannot hold two traces, axes and a title");
            Assert.Equal(["figure.png"], Directory.GetFiles(dir).Select(Path.GetFileName)); // written atomically, no leftovers
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void SaveSvgWritesAnSvgWithTheTraces()
    {
        var dir = Directory.CreateTempSubdirectory("vvs-svg-").FullName;
        try
        {
            var path = Path.Combine(dir, "figure.svg");
            Sample().SaveSvg(path, width: 500, height: 300);
            var svg = XDocument.Load(path).Root!;
            Assert.Equal("svg", svg.Name.LocalName);
            Assert.Equal("500", svg.Attribute("width")?.Value);
            Assert.Equal("300", svg.Attribute("height")?.Value);
            var text = File.ReadAllText(path);
            Assert.Contains("scatterlayer", text);
            Assert.Contains("fitted law", text); // the legend names the traces
            Assert.Contains("alignment vs compute", text);
            Assert.Equal(4, svg.Descendants().Count(e => e.Name.LocalName == "path" && (string?)e.Attribute("class") == "point"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task LoaderDefinesPlotlyUnderRequireJsAndDrawsQueuedFigures()
    {
        // A figure shown before the loader (cells run out of order) waits in the queue; one after draws at once.
        const string requireJs = "/usr/share/javascript/requirejs/require.min.js"; // Debian libjs-requirejs
        Assert.True(File.Exists(requireJs), $"{requireJs} is missing: install libjs-requirejs (environment/setup.sh does).");
        var page = $"""
            <!DOCTYPE html><html><head><meta charset="utf-8"><script src="require.min.js"></script></head><body>
            {Sample().ToHtmlFragment()}
            {NotebookPlotly.LoaderHtml}
            {Sample().ToHtmlFragment()}
            </body></html>
            """;
        var result = await HeadlessChromium.EvaluateAsync(page,
            "({ amd: typeof define === 'function' && !!define.amd, plotly: typeof window.Plotly.newPlot, " +
            "svgs: [...document.querySelectorAll('div.vvs-plotly')].map(d => d.querySelectorAll('svg.main-svg').length) })",
            TimeSpan.FromSeconds(90), new Dictionary<string, string> { ["require.min.js"] = File.ReadAllText(requireJs) });
        Assert.True(result!["amd"]!.GetValue<bool>(), "RequireJS was not on the page, so the test proves nothing");
        Assert.Equal("function", result["plotly"]!.GetValue<string>());
        var svgs = result["svgs"]!.AsArray().Select(n => n!.GetValue<int>()).ToList();
        Assert.Equal(2, svgs.Count);
        Assert.All(svgs, n => Assert.True(n > 0, "a figure did not render"));
    }

    [Fact]
    public async Task ANeverEndingRenderTimesOutWithAClearError()
    {
        var e = await Assert.ThrowsAsync<TimeoutException>(() =>
            HeadlessChromium.EvaluateAsync("<!DOCTYPE html><html><body></body></html>", "new Promise(() => {})", TimeSpan.FromSeconds(15)));
        Assert.Contains("did not finish within 15 s", e.Message);
    }

    [Fact]
    public void MissingChromiumNamesThePackageAndTheSetUp()
    {
        var e = Assert.Throws<FileNotFoundException>(() => HeadlessChromium.Locate(null, "/nonexistent-vvs-path"));
        Assert.Contains("'chromium'", e.Message);
        Assert.Contains("environment/setup.sh", e.Message);
        Assert.Contains(HeadlessChromium.Variable, Assert.Throws<FileNotFoundException>(() => HeadlessChromium.Locate("/no/such/chromium", null)).Message);
    }

    [Fact]
    public void DataUrlsDecode()
    {
        Assert.Equal("<svg a=\"1\"/>"u8.ToArray(), StaticImage.DecodeDataUrl("data:image/svg+xml,%3Csvg%20a%3D%221%22%2F%3E"));
        Assert.Equal([1, 2, 3], StaticImage.DecodeDataUrl("data:image/png;base64,AQID"));
        Assert.Throws<InvalidOperationException>(() => StaticImage.DecodeDataUrl("not a data url"));
    }
}
