using System.Text.Json.Nodes;

namespace VvsNotebook.Figures;

/// <summary>An axis: title, linear or log scale, optional range (in axis units: log10 values for log axes).</summary>
public sealed record PlotlyAxis(string? Title = null, string? Type = null, double[]? Range = null)
{
    /// <summary>A logarithmic axis with powers of ten shown as exponents.</summary>
    public static PlotlyAxis Log(string? title = null) => new(title, "log");

    internal JsonObject ToJson()
    {
        var o = new JsonObject();
        if (Title is not null) o["title"] = new JsonObject { ["text"] = Title };
        if (Type is not null) o["type"] = Type;
        if (Type == "log") o["exponentformat"] = "power";
        if (Range is not null) o["range"] = new JsonArray(Range.Select(v => (JsonNode?)v).ToArray());
        return o;
    }
}

/// <summary>
/// Where the legend sits, in fractions of the plot area (0..1; outside it beyond that), anchored by the given corner:
/// <see cref="UpperLeft"/> and <see cref="LowerRight"/> as matplotlib's <c>loc</c>.
/// </summary>
public sealed record PlotlyLegend(double X, double Y, string XAnchor = "left", string YAnchor = "top")
{
    public static PlotlyLegend UpperLeft { get; } = new(0.01, 0.99);
    public static PlotlyLegend UpperRight { get; } = new(0.99, 0.99, "right");
    public static PlotlyLegend LowerRight { get; } = new(0.99, 0.01, "right", "bottom");
    public static PlotlyLegend LowerLeft { get; } = new(0.01, 0.01, "left", "bottom");
}

/// <summary>Figure layout: title, axes, size; anything else plotly.js accepts goes in <see cref="Extra"/>.</summary>
public sealed record PlotlyLayout
{
    public string? Title { get; init; }
    public PlotlyAxis XAxis { get; init; } = new();
    public PlotlyAxis YAxis { get; init; } = new();
    public int? Width { get; init; }
    public int? Height { get; init; }
    /// <summary>Legend position (default: Plotly's, to the right of the plot).</summary>
    public PlotlyLegend? Legend { get; init; }
    public string Template { get; init; } = "plotly_white";
    public IReadOnlyDictionary<string, JsonNode?>? Extra { get; init; }

    internal JsonObject ToJson()
    {
        var o = new JsonObject
        {
            ["xaxis"] = XAxis.ToJson(),
            ["yaxis"] = YAxis.ToJson(),
            ["plot_bgcolor"] = "white",
            ["legend"] = new JsonObject { ["bgcolor"] = "rgba(255,255,255,0.6)" },
        };
        if (Title is not null) o["title"] = new JsonObject { ["text"] = Title };
        if (Legend is { } l)
        {
            var legend = o["legend"]!.AsObject();
            (legend["x"], legend["y"], legend["xanchor"], legend["yanchor"]) = (l.X, l.Y, l.XAnchor, l.YAnchor);
        }
        if (Width is { } w) o["width"] = w;
        if (Height is { } h) o["height"] = h;
        PlotlyJson.Merge(o, Extra);
        return o;
    }
}
