using System.Globalization;
using System.Net;
using System.Text;
using VvsNotebook.Display;
using VvsNotebook.Figures;
using VvsNotebook.Fitting;
using VvsNotebook.Fitting.Laws;

namespace VvsNotebook.Interactive.Formatting;

/// <summary>How a <see cref="FitLandscape"/> shows in a notebook: a table of its optima and the figure of every start.</summary>
internal static class FitLandscapeDisplay
{
    public static IReadOnlyDictionary<string, string> Render(FitLandscape landscape)
    {
        var fit = landscape.Fit;
        var names = fit.ParameterNames;
        var summary = Invariant($"{landscape.Starts} starts, {landscape.StartsAtBest} at the best loss {landscape.BestLoss:G6} (within {landscape.LossTolerance:G2} relative), ") +
                      Invariant($"{landscape.Basins.Count} distinct optim{(landscape.Basins.Count == 1 ? "um" : "a")} (predictions within {landscape.BasinTolerance:G2} in log L), {landscape.Failures.Count} failed") +
                      (fit.Grid is null ? "" : $"; grid {fit.Grid}");
        var statuses = string.Join(", ", landscape.StatusCounts.Select(s => $"{s.Key} {s.Value}"));
        var shown = landscape.Basins.Take(FitLandscape.ColouredBasins * 2).ToArray();

        var md = new StringBuilder();
        md.Append($"**{fit.Name ?? fit.Form.Key()}** landscape: {summary}\n\nOptimiser status: {statuses}\n\n");
        md.Append("| optimum | loss | vs best | starts | not converged | ").Append(string.Join(" | ", names)).Append(" |\n");
        md.Append("|---|---|---|---|---|").Append(string.Concat(names.Select(_ => "---|"))).Append('\n');
        foreach (var b in shown)
            md.Append(Invariant($"| {b.Rank + 1} | {b.Loss:G6} | {landscape.Relative(b.Loss)} | {b.Count} | {b.NotConverged} | "))
              .Append(string.Join(" | ", b.Parameters.Select(v => Invariant($"{v:G5}")))).Append(" |\n");
        if (landscape.Basins.Count > shown.Length) md.Append(Invariant($"\n{landscape.Basins.Count - shown.Length} more optima not shown.\n"));

        var html = new StringBuilder();
        html.Append($"<div class=\"vvs-landscape\"><p><b>{Enc(fit.Name ?? fit.Form.Key())}</b> landscape: {Enc(summary)}</p><p>Optimiser status: {Enc(statuses)}</p>");
        html.Append("<table class=\"vvs-landscape-optima\"><thead><tr><th>optimum</th><th>loss</th><th>vs best</th><th>starts</th><th>not converged</th>")
            .Append(string.Concat(names.Select(n => $"<th>{Enc(n)}</th>"))).Append("</tr></thead><tbody>");
        foreach (var b in shown)
            html.Append(Invariant($"<tr><td>{b.Rank + 1}</td><td>{b.Loss:G6}</td><td>{landscape.Relative(b.Loss)}</td><td>{b.Count}</td><td>{b.NotConverged}</td>"))
                .Append(string.Concat(b.Parameters.Select(v => Invariant($"<td>{v:G5}</td>")))).Append("</tr>");
        html.Append("</tbody></table>");
        if (landscape.Basins.Count > shown.Length) html.Append(Invariant($"<p>{landscape.Basins.Count - shown.Length} more optima not shown.</p>"));
        var figure = landscape.Plot();
        html.Append(figure.ToHtmlFragment()).Append("</div>");

        return new Dictionary<string, string>
        {
            [MimeTypes.Plain] = landscape.ToString(),
            [MimeTypes.Markdown] = md.ToString(),
            [MimeTypes.Plotly] = figure.ToJson(),
            [MimeTypes.Html] = html.ToString(),
        };
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Enc(string text) => WebUtility.HtmlEncode(text);
}
