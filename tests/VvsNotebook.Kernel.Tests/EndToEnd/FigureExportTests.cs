using System.Text.Json.Nodes;
using VvsNotebook.Tests.Shared;

namespace VvsNotebook.Kernel.Tests.EndToEnd;

/// <summary>
/// notebooks/tests/figures-offline.ipynb (a fit, two figures in one cell, a display updated to a figure) executed by
/// our kernel through <c>jupyter nbconvert --execute</c>, exported with <c>--to html</c> and opened in headless
/// Chromium (Debian's chromium) with no network: every figure must render, and plotly.js must be in the notebook once.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class FigureExportTests(KernelEnvironment environment)
{
    private const int Figures = 4;
    private const string RequireJs = "/usr/share/javascript/requirejs/require.min.js"; // Debian libjs-requirejs

    [Fact]
    public void nbconvert_html_of_a_notebook_with_a_fit_renders_every_figure_offline()
    {
        LocalFeed.EnsurePacked(environment);
        var dir = Directory.CreateDirectory(Path.Combine(environment.Prefix, "figures-offline")).FullName;
        var notebook = Path.Combine(dir, "figures-offline.ipynb");
        File.Copy(Path.Combine(environment.RepositoryRoot, "notebooks", "tests", "figures-offline.ipynb"), notebook, overwrite: true);
        Nbconvert(dir, "--to", "notebook", "--execute", notebook, "--output", "executed.ipynb",
            $"--ExecutePreprocessor.kernel_name={KernelEnvironment.KernelName}", "--ExecutePreprocessor.timeout=600");
        var executed = Path.Combine(dir, "executed.ipynb");

        // plotly.js once, in an output of its own; the figures' HTML only draws, and nothing in it reaches for a network.
        var htmlOutputs = JsonNode.Parse(File.ReadAllText(executed))!["cells"]!.AsArray()
            .SelectMany(c => c!["outputs"]?.AsArray() ?? [])
            .Select(o => o!["data"]?["text/html"] is { } h ? (h is JsonArray lines ? string.Concat(lines.Select(l => l!.GetValue<string>())) : h.GetValue<string>()) : null)
            .OfType<string>().ToList();
        var loaders = htmlOutputs.Where(h => h.Contains("data-vvs-plotly-loader=", StringComparison.Ordinal)).ToList();
        Assert.Single(loaders);
        Assert.Equal(1, Count(File.ReadAllText(executed), "plotly.js v")); // the script's banner: one copy in the whole notebook
        var figureOutputs = htmlOutputs.Where(h => h.Contains("data-vvs-plotly ", StringComparison.Ordinal)).ToList();
        Assert.Equal(Figures, figureOutputs.Count); // the fit, two displays, the updated display
        Assert.Contains(figureOutputs, h => h.Contains("vvs-fit-parameters", StringComparison.Ordinal)); // the fit's table is in its HTML
        foreach (var html in htmlOutputs.Except(loaders))
        {
            Assert.True(html.Length < 100_000, $"a figure output of {html.Length} characters carries more than its figure");
            Assert.DoesNotContain("http", html);
            Assert.DoesNotMatch("<script[^>]*src=", html);
        }

        // The export users make (`--to html`, nbconvert's own template): the template's require.js and MathJax come
        // from a CDN and fail offline, but nothing of ours does, and every figure renders.
        Nbconvert(dir, "--to", "html", executed, "--output", "default.html");
        var defaultHtml = File.ReadAllText(Path.Combine(dir, "default.html"));
        Assert.All(OfflinePage.RemoteScripts(defaultHtml), src => Assert.Matches("require|mathjax", src.ToLowerInvariant()));
        OfflinePage.AssertEveryFigureRenders(OfflinePage.Render(Path.Combine(dir, "default.html")), Figures);

        // With the template pointed at a local require.js and no MathJax, the page has no remote script at all, and
        // plotly.js still defines window.Plotly with RequireJS's define() on the page.
        File.Copy(RequireJs, Path.Combine(dir, "require.min.js"), overwrite: true);
        Nbconvert(dir, "--to", "html", executed, "--output", "local.html",
            "--HTMLExporter.require_js_url=require.min.js", "--HTMLExporter.mathjax_url=mathjax-not-shipped.js");
        var localHtml = File.ReadAllText(Path.Combine(dir, "local.html"));
        Assert.Contains("src=\"require.min.js\"", localHtml);
        Assert.Empty(OfflinePage.RemoteScripts(localHtml));
        OfflinePage.AssertEveryFigureRenders(OfflinePage.Render(Path.Combine(dir, "local.html")), Figures);
    }

    private void Nbconvert(string dir, params string[] args)
    {
        var run = environment.Run("/usr/bin/jupyter", ["nbconvert", .. args], TimeSpan.FromMinutes(5), workingDirectory: dir);
        Assert.True(run.ExitCode == 0, run.Output);
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
