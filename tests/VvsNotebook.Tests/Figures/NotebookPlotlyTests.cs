using VvsNotebook.Display;
using VvsNotebook.Figures;

namespace VvsNotebook.Tests.Figures;

/// <summary>
/// Once-per-session delivery of plotly.js. The session state is process-wide, so every test that uses it is in this
/// class (xunit runs a class's tests one at a time) and starts from <see cref="NotebookPlotly.Reset"/>.
/// </summary>
public class NotebookPlotlyTests
{
    private static PlotlyFigure Figure(string title) =>
        new PlotlyFigure { Layout = new PlotlyLayout { Title = title } }.With(PlotlyFigure.Scatter([1, 2], [3, 4], title));

    /// <summary>The host path (.NET Interactive): each value's text/html through the formatter source.</summary>
    private static string FormatHtml(object value)
    {
        var html = new MimeBundleFormatterSource().CreateTypeFormatters().Cast<MimeBundleFormatterSource.BundleEntryFormatter>()
            .Single(f => f.MimeType == MimeTypes.Html);
        var writer = new StringWriter();
        Assert.True(html.Format(value, writer));
        return writer.ToString();
    }

    private static string FormatPlain(object value)
    {
        var plain = new MimeBundleFormatterSource().CreateTypeFormatters().Cast<MimeBundleFormatterSource.BundleEntryFormatter>()
            .Single(f => f.MimeType == MimeTypes.Plain);
        var writer = new StringWriter();
        Assert.True(plain.Format(value, writer));
        return writer.ToString();
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;

    [Fact]
    public void OnlyTheFirstDisplayedFigureCarriesPlotlyJs()
    {
        NotebookPlotly.Reset();
        // Plain text (completion, variable lists, ToString) does not use up the delivery; nor does HTML without a figure.
        Assert.Contains("Plotly figure", FormatPlain(Figure("a")));
        Assert.Null(NotebookPlotly.TakeLoader("<b>no figure here</b>"));
        Assert.False(NotebookPlotly.Delivered);

        var outputs = new[] { "a", "b", "c" }.Select(t => FormatHtml(Figure(t))).ToList();
        Assert.True(NotebookPlotly.Delivered);
        var all = string.Concat(outputs);
        Assert.Equal(1, Count(all, NotebookPlotly.LoaderAttribute + "="));
        Assert.Equal(1, Count(all, PlotlyJs.Script[..200]));
        Assert.StartsWith("<script", outputs[0]);
        Assert.All(outputs.Skip(1), o => Assert.True(o.Length < 10_000));
        Assert.All(outputs, o => Assert.Contains("Plotly.newPlot", o));

        // A fit result's HTML holds a figure too: after a reset (a new session, or the carrying output gone) it carries the script.
        NotebookPlotly.Reset();
        Assert.Contains(NotebookPlotly.LoaderAttribute, NotebookPlotly.WithLoaderOnce(Figure("d").ToHtmlFragment()));
        Assert.DoesNotContain(NotebookPlotly.LoaderAttribute, NotebookPlotly.WithLoaderOnce(Figure("e").ToHtmlFragment()));
    }

    [Fact]
    public void ExactlyOneOfManyConcurrentDisplaysGetsTheLoader()
    {
        NotebookPlotly.Reset();
        var fragment = Figure("x").ToHtmlFragment();
        var loaders = new string?[64];
        Parallel.For(0, loaders.Length, i => loaders[i] = NotebookPlotly.TakeLoader(fragment));
        Assert.Single(loaders, l => l is not null);
    }

    [Fact]
    public void LoaderCannotBeEndedEarlyByTheScriptsText()
    {
        var loader = NotebookPlotly.LoaderHtml;
        Assert.Equal(1, Count(loader.ToLowerInvariant(), "</script"));
        Assert.EndsWith("</script>", loader);
        Assert.Contains("(function (define, module, exports)", loader);
    }
}
