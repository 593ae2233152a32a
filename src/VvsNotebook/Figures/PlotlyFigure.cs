using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using VvsNotebook.Display;

namespace VvsNotebook.Figures;

/// <summary>
/// A Plotly figure (traces and layout) that renders as <c>application/vnd.plotly.v1+json</c> in notebooks, and as a
/// standalone HTML page with plotly.js inlined (works offline). Immutable: the helpers return new figures.
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
    /// An HTML fragment for hosts that cannot render Plotly JSON: uses a page's plotly.js if present, else loads it
    /// from the CDN (the standalone <see cref="ToStandaloneHtml"/> never needs the network).
    /// </summary>
    public string ToHtmlFragment()
    {
        var id = "vvs-plot-" + Guid.NewGuid().ToString("N")[..12];
        return $$$"""
            <div id="{{{id}}}" style="width:100%;min-height:420px"></div>
            <script>(function(){var fig={{{ToJson()}}};function draw(){Plotly.newPlot("{{{id}}}",fig.data,fig.layout,{responsive:true});}
            if(window.Plotly){draw();}else{var s=document.createElement("script");s.src="https://cdn.plot.ly/plotly-2.35.2.min.js";s.onload=draw;document.head.appendChild(s);}})();</script>
            """;
    }

    /// <summary>A complete HTML page with plotly.js inlined from <paramref name="plotlyJsPath"/> (default: <see cref="PlotlyJs.Locate"/>).</summary>
    public string ToStandaloneHtml(string? title = null, string? plotlyJsPath = null)
    {
        var js = File.ReadAllText(plotlyJsPath ?? PlotlyJs.Locate());
        var heading = WebUtility.HtmlEncode(title ?? Layout.Title ?? "VvsNotebook figure");
        return $$"""
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>{{heading}}</title>
            <script>{{js}}</script></head>
            <body style="margin:0;font-family:sans-serif">
            <div id="plot" style="width:100vw;height:100vh"></div>
            <script>var fig={{ToJson()}};Plotly.newPlot("plot",fig.data,fig.layout,{responsive:true});</script>
            </body></html>
            """;
    }

    /// <summary>Writes the standalone page atomically (temporary file, then rename).</summary>
    public void WriteHtml(string path, string? title = null, string? plotlyJsPath = null) =>
        AtomicFile.WriteAllText(path, ToStandaloneHtml(title, plotlyJsPath));

    public IReadOnlyDictionary<string, string> ToMimeBundle() => new Dictionary<string, string>
    {
        [MimeTypes.Plotly] = ToJson(),
        [MimeTypes.Html] = ToHtmlFragment(),
        [MimeTypes.Plain] = $"Plotly figure '{Layout.Title ?? "untitled"}' with {Traces.Count} trace(s)",
    };
}
