using System.Globalization;
using System.Net;
using System.Text;
using VvsNotebook.Display;
using VvsNotebook.Figures;
using VvsNotebook.Fitting;
using VvsNotebook.Fitting.Laws;

namespace VvsNotebook.Interactive.Formatting;

/// <summary>
/// How a <see cref="ScalingLawFit"/> shows in a notebook: its law (text, Markdown, LaTeX), the parameter table with
/// bootstrap intervals in LSE and natural units, the compute-optimal allocation, its warnings, and its figure.
/// </summary>
internal static class ScalingLawFitDisplay
{
    /// <summary>The fit's line, then a line per warning: its text/plain.</summary>
    public static string PlainText(ScalingLawFit fit) => PlainText(fit, fit.Warnings);

    private static string PlainText(ScalingLawFit fit, IReadOnlyList<string> warnings) =>
        fit.ToString() + string.Concat(warnings.Select(w => "\nwarning: " + w));

    public static IReadOnlyDictionary<string, string> Render(ScalingLawFit fit)
    {
        var rows = fit.ParameterTable();
        var warnings = fit.Warnings; // computed from the bootstrap percentiles: once for the three renderings
        var ci = fit.Bootstrap is null ? null : $"95% CI ({fit.Bootstrap.Count} bootstraps)";
        var summary = FormattableString.Invariant($"{fit.Data.Count} points, Huber delta {fit.Delta:G3}, loss {fit.Loss:G6}, best start #{fit.BestStartIndex} ") +
                      FormattableString.Invariant($"[{string.Join(", ", fit.BestStart.Select(v => v.ToString("G3", CultureInfo.InvariantCulture)))}], ") +
                      FormattableString.Invariant($"{fit.StartsAtBest} of {fit.Starts} starts reached the best loss") +
                      (fit.Grid is null ? "" : $" (grid {fit.Grid})");
        var allocation = fit.Allocation is { } al
            ? string.Create(CultureInfo.InvariantCulture, $"Compute-optimal: N* ~ C^{al.NExponent:0.###}, D* ~ C^{al.DExponent:0.###} (G = {al.G:0.####}, C = {al.M:G5} (ND)^{al.N:0.####})")
            : null;

        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"**{fit.Name ?? fit.Form.Key()}**: ${fit.LawLatex}$\n\n{summary}\n\n");
        md.Append("| LSE | value |" + (ci is null ? "" : $" {ci} |") + " natural | value |" + (ci is null ? "" : $" {ci} |") + "\n");
        md.Append("|---|---|" + (ci is null ? "" : "---|") + "---|---|" + (ci is null ? "" : "---|") + "\n");
        foreach (var r in rows)
            md.Append(CultureInfo.InvariantCulture, $"| {r.Lse} | {Num(r.Value)} |{(ci is null ? "" : $" {Interval(r.LseInterval)} |")}")
              .Append(CultureInfo.InvariantCulture, $" {r.Natural} | {Num(r.NaturalValue)} |{(ci is null ? "" : $" {Interval(r.NaturalInterval)} |")}\n");
        if (allocation is not null) md.Append('\n').Append(allocation).Append('\n');
        foreach (var w in warnings) md.Append("\n> **warning:** ").Append(w).Append('\n');

        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"vvs-fit\"><p><b>{Enc(fit.Name ?? fit.Form.Key())}</b>: {Enc(fit.Law)}</p><p>{Enc(summary)}</p>");
        html.Append("<table class=\"vvs-fit-parameters\"><thead><tr><th>LSE</th><th>value</th>")
            .Append(ci is null ? "" : $"<th>{Enc(ci)}</th>").Append("<th>natural</th><th>value</th>")
            .Append(ci is null ? "" : $"<th>{Enc(ci)}</th>").Append("</tr></thead><tbody>");
        foreach (var r in rows)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Enc(r.Lse)}</td><td>{Num(r.Value)}</td>")
                .Append(ci is null ? "" : $"<td>{Interval(r.LseInterval)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{Enc(r.Natural)}</td><td>{Num(r.NaturalValue)}</td>")
                .Append(ci is null ? "" : $"<td>{Interval(r.NaturalInterval)}</td>").Append("</tr>");
        html.Append("</tbody></table>");
        if (allocation is not null) html.Append("<p>").Append(Enc(allocation)).Append("</p>");
        foreach (var w in warnings) html.Append("<p class=\"vvs-warning\"><b>warning:</b> ").Append(Enc(w)).Append("</p>");
        var figure = fit.Plot();
        html.Append(figure.ToHtmlFragment()).Append("</div>");

        return new Dictionary<string, string>
        {
            [MimeTypes.Plain] = PlainText(fit, warnings),
            [MimeTypes.Markdown] = md.ToString(),
            [MimeTypes.Latex] = $"${fit.LawLatex}$",
            [MimeTypes.Plotly] = figure.ToJson(),
            [MimeTypes.Html] = html.ToString(),
        };

        static string Num(double v) => v.ToString("G5", CultureInfo.InvariantCulture);
        static string Interval((double Low, double High)? i) => i is { } b ? $"[{Num(b.Low)}, {Num(b.High)}]" : "";
        static string Enc(string text) => WebUtility.HtmlEncode(text);
    }
}
