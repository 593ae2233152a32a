using System.Text.Json.Nodes;
using VvsNotebook.Metrics.Statistics;

namespace VvsNotebook.Figures;

/// <summary>One bar of <see cref="GroupedMeanBars"/>: a category (x) and group (hue), the mean of its values and their interval.</summary>
public sealed record MeanBar(string Category, string Group, MeanInterval Interval);

/// <summary>
/// seaborn's <c>barplot(x=category, y=value, hue=group, errorbar=("ci", 95))</c>: one bar per category and group at the
/// mean of its observations, with the bootstrap interval of that mean as the error bar (Figs. S4, S5). A category with no
/// observation in a group leaves a gap, as seaborn does. Bars are computed once, so a notebook can check them.
/// </summary>
public sealed record GroupedMeanBars(IReadOnlyList<string> Categories, IReadOnlyList<string> Groups, IReadOnlyList<MeanBar> Bars)
{
    /// <summary>
    /// Groups <paramref name="observations"/> (category, group, value) into bars in the given orders (default: first
    /// appearance). Non-finite values are left out (pandas skips NaN in a mean). Each bar's interval draws from
    /// <c>default_rng(seed)</c> with <paramref name="resamples"/> resamples.
    /// </summary>
    public static GroupedMeanBars Create(IEnumerable<(string Category, string Group, double Value)> observations,
        IReadOnlyList<string>? categoryOrder = null, IReadOnlyList<string>? groupOrder = null, double level = 95, int resamples = 1000,
        ulong seed = 0)
    {
        var rows = observations.Where(o => double.IsFinite(o.Value)).ToArray();
        var categories = categoryOrder ?? rows.Select(r => r.Category).Distinct().ToArray();
        var groups = groupOrder ?? rows.Select(r => r.Group).Distinct().ToArray();
        var unknown = rows.Select(r => r.Category).Except(categories).Concat(rows.Select(r => r.Group).Except(groups)).Distinct().ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"Observations name categories or groups missing from the given order: {string.Join(", ", unknown)}.");
        var bars = new List<MeanBar>();
        foreach (var g in groups)
            foreach (var c in categories)
                if (rows.Where(r => r.Category == c && r.Group == g).Select(r => r.Value).ToArray() is { Length: > 0 } values)
                    bars.Add(new MeanBar(c, g, MeanInterval.Bootstrap(values, level, resamples, seed)));
        return new GroupedMeanBars(categories, groups, bars);
    }

    /// <summary>The bar of <paramref name="category"/> and <paramref name="group"/>, or null when that pair had no observation.</summary>
    public MeanBar? Find(string category, string group) => Bars.FirstOrDefault(b => b.Category == category && b.Group == group);

    /// <summary>
    /// One bar trace per group (named by <paramref name="groupLabels"/> if given), coloured by <paramref name="colors"/>,
    /// with asymmetric, capless error bars from the intervals; a bar of one observation has no interval and gets no
    /// error bar, as in seaborn. Put them in a layout with <see cref="LayoutExtra"/>.
    /// </summary>
    public PlotlyTrace[] Traces(IReadOnlyDictionary<string, string> colors, IReadOnlyDictionary<string, string>? groupLabels = null,
        IReadOnlyDictionary<string, string>? categoryLabels = null) =>
        Groups.Select(g =>
        {
            var bars = Bars.Where(b => b.Group == g).ToArray();
            var trace = PlotlyFigure.Bar(bars.Select(b => categoryLabels?.GetValueOrDefault(b.Category) ?? b.Category), bars.Select(b => b.Interval.Mean),
                groupLabels?.GetValueOrDefault(g) ?? g, colors.GetValueOrDefault(g),
                bars.Select(b => b.Interval.Count > 1 ? b.Interval.High - b.Interval.Mean : double.NaN),
                bars.Select(b => b.Interval.Count > 1 ? b.Interval.Mean - b.Interval.Low : double.NaN));
            // No caps, as seaborn's default: plotly draws a cap even where the interval is missing (null), so a bar of one
            // observation would show a stray tick.
            var error = trace.ErrorY!;
            (error["color"], error["thickness"], error["width"]) = ("#444444", 1.5, 0);
            return trace;
        }).ToArray();

    /// <summary>Layout settings for grouped bars, with the categories kept in order: merge into <see cref="PlotlyLayout.Extra"/>.</summary>
    public IReadOnlyDictionary<string, JsonNode?> LayoutExtra(IReadOnlyDictionary<string, string>? categoryLabels = null) =>
        new Dictionary<string, JsonNode?>
        {
            ["barmode"] = "group",
            ["xaxis"] = new JsonObject
            {
                ["categoryorder"] = "array",
                ["categoryarray"] = new JsonArray(Categories.Select(c => (JsonNode?)(categoryLabels?.GetValueOrDefault(c) ?? c)).ToArray()),
            },
        };
}
