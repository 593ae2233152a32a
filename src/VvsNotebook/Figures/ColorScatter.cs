using System.Text.Json.Nodes;

namespace VvsNotebook.Figures;

/// <summary>Points coloured by a value (seaborn's <c>hue</c> with a continuous palette), with a colour bar.</summary>
public static class ColorScatter
{
    /// <summary>
    /// A scatter whose marker colour follows <paramref name="values"/> on <paramref name="colorscale"/> (Plotly
    /// <c>[[0, colour], …, [1, colour]]</c>; default: light to the paper's dark cyan, Fig. 4a). With
    /// <paramref name="logColor"/> the colour follows log10 of the value and the bar is labelled in powers of ten, as
    /// the paper's LogNorm.
    /// </summary>
    public static PlotlyTrace Create(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> values, string colorbarTitle,
        bool logColor = true, IReadOnlyList<(double Position, string Color)>? colorscale = null, string? name = null, double size = 8,
        double opacity = 0.8, IEnumerable<string>? text = null, string? symbol = null, bool showColorbar = true)
    {
        if (x.Count != y.Count || x.Count != values.Count)
            throw new ArgumentException($"x, y and the colour values must have one entry per point ({x.Count}, {y.Count}, {values.Count}).");
        var c = values.Select(v => logColor ? Math.Log10(v) : v).ToArray();
        var finite = c.Where(double.IsFinite).ToArray();
        var scale = colorscale ?? [(0, "#e4f1f1"), (1, PaperStyle.Behavior)];
        var marker = new JsonObject
        {
            ["color"] = new JsonArray(c.Select(v => PlotlyJson.Value(v)).ToArray()),
            ["colorscale"] = new JsonArray(scale.Select(s => (JsonNode)new JsonArray(s.Position, s.Color)).ToArray()),
            ["size"] = size,
            ["opacity"] = opacity,
            ["showscale"] = showColorbar,
        };
        if (symbol is not null) marker["symbol"] = symbol;
        var bar = new JsonObject { ["title"] = new JsonObject { ["text"] = colorbarTitle } };
        if (logColor && finite.Length > 0)
        {
            var ticks = Enumerable.Range((int)Math.Ceiling(finite.Min()), Math.Max(1, (int)Math.Floor(finite.Max()) - (int)Math.Ceiling(finite.Min()) + 1)).ToArray();
            bar["tickvals"] = new JsonArray(ticks.Select(t => (JsonNode?)t).ToArray());
            bar["ticktext"] = new JsonArray(ticks.Select(t => (JsonNode?)$"10<sup>{t}</sup>").ToArray());
        }
        marker["colorbar"] = bar;
        return new PlotlyTrace
        {
            Mode = "markers", Name = name, X = x.Cast<object?>().ToArray(), Y = y.ToArray(), Text = text?.ToArray(),
            Extra = new Dictionary<string, JsonNode?> { ["marker"] = marker },
        };
    }
}
