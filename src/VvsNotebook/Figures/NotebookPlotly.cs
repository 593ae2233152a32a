namespace VvsNotebook.Figures;

/// <summary>
/// Puts plotly.js on a notebook page once per session (this process): the first figure a host displays brings the
/// embedded script along, later figures only call <c>Plotly.newPlot</c>. A figure drawn before the script has run
/// (outputs shown out of order, e.g. an exported notebook whose cells ran 3, then 1) waits in a queue that the
/// script drains. A new process (kernel restart) starts a new session, so its first figure brings plotly.js again.
/// </summary>
/// <remarks>
/// Hosts call <see cref="TakeLoader"/> (or <see cref="WithLoaderOnce"/>) only with HTML they are really about to
/// show: formatting a value as text/plain, for completion or a variable list, must not use up the delivery.
/// </remarks>
public static class NotebookPlotly
{
    /// <summary>The attribute every figure fragment's element carries: how a host tells that HTML draws a figure.</summary>
    public const string FigureAttribute = "data-vvs-plotly";

    /// <summary>The attribute of the loader's script element (its value: the plotly.js version).</summary>
    public const string LoaderAttribute = "data-vvs-plotly-loader";

    /// <summary>The page-global queue of draws waiting for plotly.js; the loader replaces it with one that draws at once.</summary>
    internal const string Queue = "__vvsPlotlyQueue";

    private static int _delivered;
    private static readonly Lazy<string> Loader = new(BuildLoader);

    /// <summary>Whether this session has handed out the loader.</summary>
    public static bool Delivered => Volatile.Read(ref _delivered) != 0;

    /// <summary>Whether <paramref name="html"/> draws a VvsNotebook figure.</summary>
    public static bool DrawsFigure(string html) => html.Contains(FigureAttribute, StringComparison.Ordinal);

    /// <summary>
    /// The loader HTML (a script defining <c>window.Plotly</c>) when <paramref name="html"/> is the session's first
    /// displayed figure; null otherwise. Exactly one caller per session gets it.
    /// </summary>
    public static string? TakeLoader(string html) =>
        DrawsFigure(html) && Interlocked.Exchange(ref _delivered, 1) == 0 ? Loader.Value : null;

    /// <summary>
    /// <paramref name="html"/> with the loader in front when it is the session's first displayed figure: for hosts
    /// where a value is one output (.NET Interactive). The VvsNotebook kernel sends the loader as an output of its own,
    /// so that updating the figure's display in place cannot remove it.
    /// </summary>
    public static string WithLoaderOnce(string html) => TakeLoader(html) is { } loader ? loader + html : html;

    /// <summary>
    /// Forgets the delivery, so the next figure brings plotly.js again: for when the output that carried it is gone
    /// (its cell was re-run or deleted) and the saved notebook would otherwise have no copy.
    /// </summary>
    public static void Reset() => Volatile.Write(ref _delivered, 0);

    /// <summary>The loader: plotly.js and the queue drain, as one script element.</summary>
    public static string LoaderHtml => Loader.Value;

    private static string BuildLoader()
    {
        var script = PlotlyJs.Script;
        // Evaluated with define, module and exports shadowed: pages that load RequireJS (classic notebook, nbconvert
        // templates) would otherwise get an anonymous AMD module (plotly.js 2) instead of window.Plotly, or a
        // "mismatched anonymous define" error. "</script" cannot end the element early: it is escaped as "<\/script",
        // which means the same inside any JavaScript string, regex or comment.
        return $$"""
            <script type="text/javascript" {{LoaderAttribute}}="{{PlotlyJs.VersionOf(script)}}">
            (function (define, module, exports) {
            {{script.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase)}}
            }).call(window);
            (function () {
              var waiting = window.{{Queue}} || [];
              window.{{Queue}} = { push: function (draw) { draw(); } };
              for (var i = 0; i < waiting.length; i++) waiting[i]();
            })();
            </script>
            """;
    }
}
