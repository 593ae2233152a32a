using System.Text.Json.Nodes;
using VvsNotebook.Display;
using VvsNotebook.Fitting;
using VvsNotebook.Interactive.Formatting;
using VvsNotebook.Tests.Fitting;

namespace VvsNotebook.Kernel.Tests.Formatting;

/// <summary>
/// How fits and their landscapes show in notebooks: fits are plain data, and the notebook layer's
/// <see cref="ResultDisplays"/> gives them their bundle in both hosts.
/// </summary>
public sealed class FitDisplayTests
{
    [Fact]
    public void the_landscape_renders_its_optima_table_and_figure()
    {
        var land = PaperFixture.Fit("compute_neuro").Refit("alpha=0,2").Landscape();
        var bundle = MimeFormatter.ToMimeBundle(land);
        Assert.Contains($"{land.StartsAtBest} at the best loss", bundle[MimeTypes.Plain]);
        Assert.Contains("grid e=-1:1:0.5 a=0:25:5 alpha=0,2", bundle[MimeTypes.Plain]);
        Assert.Contains("| optimum | loss | vs best | starts | not converged | e | a | alpha |", bundle[MimeTypes.Markdown]);
        Assert.Contains("<table class=\"vvs-landscape-optima\">", bundle[MimeTypes.Html]);
        Assert.Equal(Math.Min(land.Basins.Count, 2 * FitLandscape.ColouredBasins), bundle[MimeTypes.Markdown].Split('\n').Count(l => l.StartsWith("| ") && char.IsDigit(l[2])));
        Assert.NotNull(JsonNode.Parse(bundle[MimeTypes.Plotly])!["data"]);
    }


    [Fact]
    public void the_fit_display_names_the_grid_used()
    {
        var fit = PaperFixture.Fit("compute_neuro").Refit("e=0 alpha=1");
        var bundle = MimeFormatter.ToMimeBundle(fit);
        Assert.Contains("(grid e=0 a=0:25:5 alpha=1)", bundle[MimeTypes.Markdown]);
        Assert.Contains("(grid e=0 a=0:25:5 alpha=1)", bundle[MimeTypes.Html]);
    }


    [Fact]
    public void a_fit_shows_its_law_parameter_table_and_figure()
    {
        var fit = PaperFixture.Fit("compute_neuro");
        var bundle = MimeFormatter.ToMimeBundle(fit);
        Assert.Contains("S = 0.48 - 0.55 C^-0.16", bundle[MimeTypes.Plain]);
        Assert.Contains("\\tilde{C}^{-0.16}", bundle[MimeTypes.Latex]);
        Assert.Contains("| e |", bundle[MimeTypes.Markdown]);
        Assert.Contains("starts reached the best loss", bundle[MimeTypes.Markdown]);
        var figure = JsonNode.Parse(bundle[MimeTypes.Plotly])!;
        Assert.Equal("log", (string?)figure["layout"]!["xaxis"]!["type"]);
        Assert.Equal(620, figure["data"]![0]!["x"]!.AsArray().Count);
        Assert.True(fit.StartsAtBest is > 1 and <= 150);
        Assert.Equal(fit.ParametersLse, fit.Outcomes[fit.BestStartIndex].Parameters);
    }


    [Fact]
    public void the_parameter_table_gives_each_interval_in_the_units_of_its_value()
    {
        // Two hand-made replicates (e, a, alpha), so every interval is known: numpy's linear 2.5th and 97.5th
        // percentiles of two values lo < hi are lo + 0.025 (hi - lo) and lo + 0.975 (hi - lo).
        var fit = PaperFixture.Fit("compute_neuro").WithBootstrap(new VvsNotebook.Fitting.Bootstrap.BootstrapResult(
            VvsNotebook.Fitting.Laws.LawForm.PowerLaw, 42, [[-0.7, 0.1, 0.2], [-0.6, 0.2, 0.3]], [0.1, 0.2]));
        static string Interval(double lo, double hi) =>
            FormattableString.Invariant($"[{lo + 0.025 * (hi - lo):G5}, {lo + 0.975 * (hi - lo):G5}]");
        var html = MimeFormatter.ToMimeBundle(fit)[MimeTypes.Html];
        Assert.Contains("<table class=\"vvs-fit-parameters\">", html);
        Assert.Contains("95% CI (2 bootstraps)", html);
        string Row(string lse)
        {
            var start = html.IndexOf($"<tr><td>{lse}</td>", StringComparison.Ordinal);
            Assert.True(start >= 0, $"no row for {lse}");
            return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
        }
        // e in LSE units, beside S_hat = 1 - E in natural units (S_hat falls as e rises: the bounds swap).
        var e = Row("e");
        Assert.Contains(Interval(-0.7, -0.6), e);
        Assert.Contains("S_hat = 1 - E", e);
        Assert.Contains(Interval(1 - Math.Exp(-0.6), 1 - Math.Exp(-0.7)), e);
        Assert.Contains(FormattableString.Invariant($"<td>{fit.SHat:G5}</td>"), e);
        var a = Row("a");
        Assert.Contains(Interval(0.1, 0.2), a);
        Assert.Contains(Interval(Math.Exp(0.1), Math.Exp(0.2)), a);
        Assert.Contains(Interval(0.2, 0.3), Row("alpha"));
        // The markdown carries the same natural-unit interval, and the HTML still draws the figure.
        Assert.Contains(Interval(1 - Math.Exp(-0.6), 1 - Math.Exp(-0.7)), MimeFormatter.ToMimeBundle(fit)[MimeTypes.Markdown]);
        Assert.Contains(VvsNotebook.Figures.NotebookPlotly.FigureAttribute, html);
    }

    [Fact]
    public void a_runaway_fit_shows_its_warnings_in_text_markdown_and_html()
    {
        var bundle = MimeFormatter.ToMimeBundle(PaperFixture.Fit("region_v1_group2"));
        Assert.Contains("warning: coefficients ran off (A = 6.17E+172", bundle[MimeTypes.Plain]);
        Assert.Contains("> **warning:** coefficients ran off", bundle[MimeTypes.Markdown]);
        Assert.Contains("<p class=\"vvs-warning\"><b>warning:</b> only 1 of 750 starts reached the best loss", bundle[MimeTypes.Html]);
    }

    [Fact]
    public void plain_text_of_a_fit_is_its_display_text_with_warnings()
    {
        var fit = PaperFixture.Fit("region_v1_group2");
        Assert.Equal(MimeFormatter.ToMimeBundle(fit)[MimeTypes.Plain], MimeFormatter.ToPlainText(fit));
        Assert.StartsWith(fit.ToString(), MimeFormatter.ToPlainText(fit), StringComparison.Ordinal);
    }
}
