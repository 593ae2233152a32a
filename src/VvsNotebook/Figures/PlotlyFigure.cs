using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VvsNotebook.Display;
using VvsNotebook.Files;

namespace VvsNotebook.Figures;

/// <summary>
/// A Plotly figure (traces and layout) that renders as <c>application/vnd.plotly.v1+json</c> and HTML in notebooks,
/// as a standalone HTML page, and as PNG or SVG; all offline, with the plotly.js embedded in this assembly.
/// Immutable: the helpers return new figures.
/// </summary>
public sealed record PlotlyFigure : IMimeRenderable
{
    public IReadOnlyList<PlotlyTrace> Traces { get; init; } = [];
    public PlotlyLayout Layout { get; init; } = new();

    /// <summary>This figure with <paramref name="traces"/> appended.</summary>
    public PlotlyFigure With(params PlotlyTrace[] traces) => this with { Traces = [.. Traces, .. traces] };

    /// <summary>A scatter of points.</summary>
    public static PlotlyTrace Scatter(IEnumerable<double> x, IEnumerable<double> y, string? name = null, string? color = null,
        double? size = null, double? opacity = null, IEnumerable<string>? text = null) => new()
    {
        Mode = "markers", Name = name, X = x.Cast<object?>().ToArray(), Y = y.ToArray(), Text = text?.ToArray(),
        Marker = new PlotlyMarker(color, size, opacity),
    };

    /// <summary>A line through points.</summary>
    public static PlotlyTrace LineTrace(IEnumerable<double> x, IEnumerable<double> y, string? name = null, string? color = null,
        double? width = null, string? dash = null) => new()
    {
        Mode = "lines", Name = name, X = x.Cast<object?>().ToArray(), Y = y.ToArray(), Line = new PlotlyLine(color, width, dash),
    };

    /// <summary>
    /// A filled band between <paramref name="lower"/> and <paramref name="upper"/>: two traces, the upper filling down
    /// to the lower (<c>fill: tonexty</c>), sharing one legend entry.
    /// </summary>
    public static PlotlyTrace[] Band(IReadOnlyList<double> x, IReadOnlyList<double> lower, IReadOnlyList<double> upper, string name,
        string fillColor)
    {
        var group = "band:" + name;
        return
        [
            new PlotlyTrace { Mode = "lines", Name = name + " (lower)", X = x.Cast<object?>().ToArray(), Y = lower.ToArray(),
                Line = new PlotlyLine(Width: 0), ShowLegend = false, LegendGroup = group, Extra = new Dictionary<string, JsonNode?> { ["hoverinfo"] = "skip" } },
            new PlotlyTrace { Mode = "lines", Name = name, X = x.Cast<object?>().ToArray(), Y = upper.ToArray(), Fill = "tonexty",
                FillColor = fillColor, Line = new PlotlyLine(Width: 0), LegendGroup = group, Extra = new Dictionary<string, JsonNode?> { ["hoverinfo"] = "skip" } },
        ];
    }

    /// <summary>A bar chart trace (categories on x), with optional error bars.</summary>
    public static PlotlyTrace Bar(IEnumerable<string> categories, IEnumerable<double> values, string? name = null, string? color = null,
        IEnumerable<double>? errorPlus = null, IEnumerable<double>? errorMinus = null)
    {
        JsonObject? error = null;
        if (errorPlus is not null)
        {
            error = new JsonObject { ["type"] = "data", ["array"] = new JsonArray(errorPlus.Select(v => PlotlyJson.Value(v)).ToArray()) };
            if (errorMinus is not null)
            {
                error["symmetric"] = false;
                error["arrayminus"] = new JsonArray(errorMinus.Select(v => PlotlyJson.Value(v)).ToArray());
            }
        }
        return new PlotlyTrace { Type = "bar", Name = name, X = categories.Cast<object?>().ToArray(), Y = values.ToArray(),
            Marker = color is null ? null : new PlotlyMarker(color), ErrorY = error };
    }

    /// <summary>The figure as Plotly JSON: <c>{"data": [...], "layout": {...}}</c>.</summary>
    public JsonObject ToJsonObject() => new()
    {
        ["data"] = new JsonArray(Traces.Select(t => (JsonNode?)t.ToJson()).ToArray()),
        ["layout"] = Layout.ToJson(),
    };

    public string ToJson(bool indented = false) => ToJsonObject().ToJsonString(new JsonSerializerOptions { WriteIndented = indented });

    /// <summary>
    /// An HTML fragment for hosts that render HTML rather than Plotly JSON (nbconvert HTML, JupyterLab without the
    /// Plotly extension, .NET Interactive). It never loads anything: it draws with the page's plotly.js, which the
    /// host puts there once per session (<see cref="NotebookPlotly"/>), and waits in a queue if that has not run yet.
    /// </summary>
    public string ToHtmlFragment()
    {
        var id = "vvs-plot-" + Guid.NewGuid().ToString("N")[..12];
        const string queue = NotebookPlotly.Queue;
        // ToJson escapes <, > and & (System.Text.Json's default encoder), so the figure cannot close the script early.
        return $$$"""
            <div id="{{{id}}}" class="vvs-plotly" {{{NotebookPlotly.FigureAttribute}}} style="width:100%;min-height:420px"></div>
            <script type="text/javascript">(function(){var fig={{{ToJson()}}};
            function draw(){var el=document.getElementById("{{{id}}}");if(el)window.Plotly.newPlot(el,fig.data,fig.layout,{responsive:true});}
            if(window.Plotly&&window.Plotly.newPlot){draw();}else{(window.{{{queue}}}=window.{{{queue}}}||[]).push(draw);}})();</script>
            """;
    }

    /// <summary>
    /// A complete HTML page. With <paramref name="plotlyJsSrc"/> null it inlines plotly.js (about 4.8 MB: the page
    /// works on its own, e.g. as an e-mail attachment); otherwise it loads plotly.js from that (relative) URL.
    /// </summary>
    public string ToStandaloneHtml(string? title = null, string? plotlyJsSrc = null)
    {
        var heading = WebUtility.HtmlEncode(title ?? Layout.Title ?? "VvsNotebook figure");
        var script = plotlyJsSrc is null
            ? NotebookPlotly.LoaderHtml
            : $"<script type=\"text/javascript\" src=\"{WebUtility.HtmlEncode(plotlyJsSrc)}\"></script>";
        return $$"""
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>{{heading}}</title>
            {{script}}</head>
            <body style="margin:0;font-family:sans-serif">
            <div id="plot" style="width:100vw;height:100vh"></div>
            <script>var fig={{ToJson()}};Plotly.newPlot("plot",fig.data,fig.layout,{responsive:true});</script>
            </body></html>
            """;
    }

    /// <summary>
    /// Writes a standalone page atomically (temporary file, then rename). By default plotly.js is written once beside
    /// it (<see cref="PlotlyJs.FileName"/>, shared by every page in that folder) and loaded relatively, which works
    /// offline from disk; <paramref name="selfContained"/> inlines it instead, for a page that travels alone.
    /// </summary>
    public void WriteHtml(string path, string? title = null, bool selfContained = false)
    {
        var src = selfContained ? null : PlotlyJs.WriteInto(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.WriteAllText(path, ToStandaloneHtml(title, src));
    }

    /// <summary>The figure as a PNG of <paramref name="width"/> x <paramref name="height"/> CSS pixels times <paramref name="scale"/>.</summary>
    public byte[] ToPng(int width = 900, int height = 600, double scale = 1, TimeSpan? timeout = null) =>
        StaticImage.Render(this, "png", width, height, scale, timeout);

    /// <summary>The figure as SVG text of <paramref name="width"/> x <paramref name="height"/>.</summary>
    public string ToSvg(int width = 900, int height = 600, TimeSpan? timeout = null) =>
        Encoding.UTF8.GetString(StaticImage.Render(this, "svg", width, height, 1, timeout));

    /// <summary>
    /// Writes the figure as a PNG (for papers, slides and viewers that run no JavaScript), rendered offline by headless
    /// Chromium with the embedded plotly.js; <paramref name="scale"/> 2 doubles the resolution for print.
    /// </summary>
    public void SavePng(string path, int width = 900, int height = 600, double scale = 1, TimeSpan? timeout = null) =>
        AtomicFile.WriteAllBytes(path, ToPng(width, height, scale, timeout));

    /// <summary>Writes the figure as SVG (vector, for papers), rendered offline like <see cref="SavePng"/>.</summary>
    public void SaveSvg(string path, int width = 900, int height = 600, TimeSpan? timeout = null) =>
        AtomicFile.WriteAllText(path, ToSvg(width, height, timeout));

    public IReadOnlyDictionary<string, string> ToMimeBundle() => new Dictionary<string, string>
    {
        [MimeTypes.Plotly] = ToJson(),
        [MimeTypes.Html] = ToHtmlFragment(),
        [MimeTypes.Plain] = $"Plotly figure '{Layout.Title ?? "untitled"}' with {Traces.Count} trace(s)",
    };
}
