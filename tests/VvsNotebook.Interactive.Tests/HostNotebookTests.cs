using System.Text.Json;
using System.Text.Json.Nodes;
using VvsNotebook.Display;
using VvsNotebook.Figures;
using VvsNotebook.Tests.Shared;
using static VvsNotebook.Interactive.Tests.NotebookOutputs;

namespace VvsNotebook.Interactive.Tests;

/// <summary>
/// <c>jupyter nbconvert --execute</c> (nbclient) runs notebooks/tests/kernel-smoke.dotnet-interactive.ipynb, the twin
/// of our kernel's smoke notebook, in the host's Jupyter kernel: a kernelspec in a temporary prefix that starts the
/// pinned tool with <c>--http-local-only</c> (by default the host serves HTTP on every interface). The notebook runs
/// as written, from a copy laid out like the checkout (local-feed/, .vvs/package-version and the tool manifest).
/// </summary>
[Collection(HostCollection.Name)]
public sealed class HostNotebookTests(HostEnvironment environment)
{
    private const string NotebookName = "kernel-smoke.dotnet-interactive.ipynb";

    [Fact]
    public void nbconvert_runs_the_twin_smoke_notebook_in_the_hosts_jupyter_kernel()
    {
        var checkout = Directory.CreateDirectory(Path.Combine(environment.Root, "checkout")).FullName;
        Directory.CreateDirectory(Path.Combine(checkout, ".config"));
        File.Copy(Path.Combine(environment.RepositoryRoot, ".config", "dotnet-tools.json"), Path.Combine(checkout, ".config", "dotnet-tools.json"));
        Directory.CreateSymbolicLink(Path.Combine(checkout, "local-feed"), environment.LocalFeed);
        Directory.CreateDirectory(Path.Combine(checkout, ".vvs"));
        File.WriteAllText(Path.Combine(checkout, ".vvs", "package-version"), environment.PackageVersion);
        var notebooks = Directory.CreateDirectory(Path.Combine(checkout, "notebooks", "tests")).FullName;
        var notebook = Path.Combine(notebooks, NotebookName);
        File.Copy(Path.Combine(environment.RepositoryRoot, "notebooks", "tests", NotebookName), notebook);
        var jupyterPath = environment.InstallKernelSpec();

        var output = Path.Combine(notebooks, "kernel-smoke.out.ipynb");
        var run = environment.Run("/usr/bin/jupyter", ["nbconvert", "--to", "notebook", "--execute", notebook, "--output", output,
            "--ExecutePreprocessor.timeout=600"], TimeSpan.FromMinutes(12), notebooks,
            new Dictionary<string, string> { ["JUPYTER_PATH"] = jupyterPath });
        Assert.True(run.ExitCode == 0, run.Output);
        var validate = environment.Run(HostEnvironment.Python, [Path.Combine(AppContext.BaseDirectory, "Python", "notebook_outputs.py"), output],
            TimeSpan.FromMinutes(1), notebooks);
        Assert.True(validate.ExitCode == 0, validate.Output); // nbformat.validate accepts what the host wrote

        // Exported to HTML and opened with no network, every figure the host's notebook holds renders (plotly.js
        // comes from the notebook itself, never a CDN).
        var export = environment.Run("/usr/bin/jupyter", ["nbconvert", "--to", "html", output, "--output", "kernel-smoke.out.html"],
            TimeSpan.FromMinutes(3), notebooks);
        Assert.True(export.ExitCode == 0, export.Output);
        var figures = System.Text.RegularExpressions.Regex.Count(File.ReadAllText(output), "<div id=\\\\\"vvs-plot-");
        Assert.True(figures >= 3, $"{figures} figures in the executed notebook; the fit, the training curve and the benchmark each show one");
        OfflinePage.AssertEveryFigureRenders(OfflinePage.Render(Path.Combine(notebooks, "kernel-smoke.out.html")), figures);

        var cells = JsonNode.Parse(File.ReadAllText(output))!["cells"]!.AsArray()
            .Where(c => c!["cell_type"]!.GetValue<string>() == "code")
            .Select(c => (Source: Text(c!["source"]), Outputs: c["outputs"]!.AsArray().Select(o => o!.AsObject()).ToList()))
            .ToList();
        // The cell whose source is exactly this, else the one cell that starts with it.
        List<JsonObject> OutputsOf(string source) => (cells.SingleOrDefault(c => c.Source == source).Outputs)
            ?? cells.Single(c => c.Source.StartsWith(source, StringComparison.Ordinal)).Outputs;

        var load = OutputsOf("// This checkout's own package.");
        Assert.DoesNotContain(load, o => Type(o) == "error");
        var loaded = load.Select(o => MimeData(o, MimeTypes.Plain)).OfType<string>().SingleOrDefault(t => t.StartsWith("VvsNotebook loaded:", StringComparison.Ordinal));
        Assert.True(loaded is not null, "no 'VvsNotebook loaded' message: " + string.Join("\n", load));
        Assert.Contains("`#!fit`", loaded);

        Assert.Contains("#!benchmark", string.Concat(OutputsOf("#!lsmagic").Select(o => MimeData(o, MimeTypes.Html))));
        Assert.Contains("Usage:", MimeData(OutputsOf("#!data -h").Single(), MimeTypes.Plain));
        Assert.Contains("class=\"vvs-table\"", MimeData(OutputsOf("#!data").Single(), MimeTypes.Html));
        Assert.Contains("class=\"vvs-table\"", MimeData(OutputsOf("#!data scaling-primate-vvs")[^1], MimeTypes.Html));
        var count = OutputsOf("scores.Count").Single();
        Assert.Equal("execute_result", Type(count));
        Assert.Matches(@"<pre>[1-9]\d*</pre>", MimeData(count, MimeTypes.Html));

        // plotly.js reaches the notebook once, as an output of its own just before the session's first figure (the
        // fit), so that figures render with no network; no output names a remote script.
        static bool IsPlotlyLoader(JsonObject o) => MimeData(o, MimeTypes.Html)?.Contains(NotebookPlotly.LoaderAttribute) == true;
        Assert.Single(cells.SelectMany(c => c.Outputs), IsPlotlyLoader);
        Assert.Contains(OutputsOf("#!fit model_resnet_neuro"), IsPlotlyLoader);
        Assert.DoesNotContain(cells.SelectMany(c => c.Outputs), o => MimeData(o, MimeTypes.Html)?.Contains("<script src") == true);

        var fit = OutputsOf("#!fit model_resnet_neuro").Where(o => !IsPlotlyLoader(o)).ToList();
        Assert.Equal("display_data,display_data", Types(fit)); // the status line, then the fit
        Assert.EndsWith("20 bootstraps", MimeData(fit[0], MimeTypes.Plain)); // update_display_data rewrote it in place
        foreach (var mime in new[] { MimeTypes.Plotly, MimeTypes.Html, MimeTypes.Plain }) Assert.Contains(mime, Mimes(fit[1]));
        Assert.Matches(@"^150 starts -> 120 starts; loss", MimeData(OutputsOf("// Tweak the initial grid").Single(), MimeTypes.Plain));

        var train = OutputsOf("#!train");
        Assert.Equal("display_data,display_data", Types(train)); // the live curve, then the result
        Assert.Contains(MimeTypes.Plotly, Mimes(train[0]));
        Assert.StartsWith("resnet_d10_w0.0625_fashion-mnist_d2_s0: epoch 1/1", MimeData(train[0], MimeTypes.Plain));
        Assert.Contains("val acc", MimeData(train[1], MimeTypes.Plain));
        Assert.Matches(@"<pre>[1-9]\d*</pre>", MimeData(OutputsOf("run.Parameters").Single(), MimeTypes.Html));

        var benchmark = OutputsOf("#!benchmark");
        Assert.Equal("display_data,display_data", Types(benchmark));
        Assert.Contains("3 benchmarks scored", MimeData(benchmark[0], MimeTypes.Plain));
        Assert.Contains(MimeTypes.Plotly, Mimes(benchmark[1]));
        Assert.Matches(@"^V1@\w+, IT@\w+, Behavioral@\w+$", MimeData(OutputsOf("string.Join(\", \", bench.Scores").Single(), MimeTypes.Plain));

        var failure = OutputsOf("Console.WriteLine(\"streamed");
        Assert.Equal("stream,error", Types(failure));
        Assert.Contains("streamed while the cell runs", Text(failure[0]["text"]));
        Assert.Contains("a deliberate failure", failure[1]["evalue"]!.GetValue<string>());

        var badOption = OutputsOf("#!data --no-such-option");
        Assert.Equal("stream,error", Types(badOption)); // the host's parser diagnostic on stderr, then the cell's error
        Assert.Contains("--no-such-option", badOption[1]["evalue"]!.GetValue<string>());

        Assert.Contains("recovered: ", MimeData(OutputsOf("$\"recovered").Single(), MimeTypes.Plain));
        Assert.Contains("scores", string.Concat(OutputsOf("#!who").Select(o => MimeData(o, MimeTypes.Html))));
    }
}
