using System.Text.Json.Nodes;
using static VvsNotebook.Interactive.Tests.NotebookOutputs;

namespace VvsNotebook.Interactive.Tests;

/// <summary>
/// A figure-library notebook (Fig. 1b) executed as written, from the checkout's notebooks/ folder, in the host's
/// Jupyter kernel through nbclient: the same file our kernel runs in <c>FigureLibraryTests</c>, with its first cell
/// <c>#r "nuget:VvsNotebook"</c> resolved from the checkout's local-feed/ (NuGet.config) and its paper checks passing.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class HostFigureNotebookTests(HostEnvironment environment)
{
    [Fact]
    public void the_fig1_notebook_runs_in_the_hosts_jupyter_kernel_and_passes_its_paper_checks()
    {
        var notebooks = Path.Combine(environment.RepositoryRoot, "notebooks");
        var work = Directory.CreateDirectory(Path.Combine(environment.Root, "fig1")).FullName;
        var output = Path.Combine(work, "fig1-compute.out.ipynb");
        var run = environment.Run("/usr/bin/jupyter", ["nbconvert", "--to", "notebook", "--execute", Path.Combine(notebooks, "fig1-compute.ipynb"),
            "--output", output, "--ExecutePreprocessor.kernel_name=.net-csharp", "--ExecutePreprocessor.timeout=1200"],
            TimeSpan.FromMinutes(25), notebooks, new Dictionary<string, string>
            {
                ["JUPYTER_PATH"] = environment.InstallKernelSpec(),
                ["VVS_BOOTSTRAPS"] = Environment.GetEnvironmentVariable("VVS_BOOTSTRAPS") is { Length: > 0 } b ? b : "100",
                ["VVS_FIGURES_DIR"] = Path.Combine(work, "figures"),
            });
        Assert.True(run.ExitCode == 0, run.Output.Length <= 6000 ? run.Output : run.Output[^6000..]);

        var outputs = JsonNode.Parse(File.ReadAllText(output))!["cells"]!.AsArray()
            .Where(c => c!["cell_type"]!.GetValue<string>() == "code")
            .Select(c => c!["outputs"]!.AsArray().Select(o => o!.AsObject()).ToList()).ToList();
        Assert.DoesNotContain(outputs.SelectMany(o => o), o => o["output_type"]!.GetValue<string>() == "error");
        Assert.Contains(outputs[0].Select(o => Plain(o)), t => t.StartsWith("VvsNotebook loaded:", StringComparison.Ordinal));
        Assert.Matches(@"^Fig\. 1b: (\d+) of \1 checks pass", outputs[^1].Select(Plain).Last(t => t.Length > 0));

        var html = outputs.SelectMany(o => o).Select(o => MimeData(o, "text/html") ?? "").ToList();
        Assert.Single(html, h => h.Contains(VvsNotebook.Figures.NotebookPlotly.LoaderAttribute, StringComparison.Ordinal)); // plotly.js once, offline
        Assert.DoesNotContain(html, h => h.Contains("<script src", StringComparison.Ordinal));
        var png = Path.Combine(work, "figures", "fig1b.png");
        Assert.True(File.Exists(png), "the notebook did not save fig1b.png");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png)[..4]);
    }

    private static string Plain(JsonObject output) => MimeData(output, "text/plain") is { Length: > 0 } t ? t : Text(output["text"]);
}
