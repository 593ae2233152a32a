using VvsNotebook.Tests.Shared;
using System.Text.Json.Nodes;

namespace VvsNotebook.Kernel.Tests.EndToEnd;

/// <summary>
/// The figure library (every <c>notebooks/*.ipynb</c>) executed in our kernel by nbclient, as a user reruns a figure:
/// each notebook must run without an error, save its panels as PNG, and end with its paper checks all passing. CI runs
/// them with fewer bootstrap resamples than the paper's 1000 (<c>VVS_BOOTSTRAPS</c>, default 100 here).
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class FigureLibraryTests(KernelEnvironment environment)
{
    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(TestProcess.RepositoryRoot(), "notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileNameWithoutExtension(path));
        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void figure_notebook_runs_saves_its_panels_and_passes_its_paper_checks(string name)
    {
        LocalFeed.EnsurePacked(environment);
        var notebooks = Path.Combine(environment.RepositoryRoot, "notebooks");
        var work = Directory.CreateDirectory(Path.Combine(environment.Prefix, "library", name)).FullName;
        var figures = Path.Combine(work, "figures");
        var output = Path.Combine(work, name + ".out.ipynb");
        var run = environment.Run("/usr/bin/jupyter", ["nbconvert", "--to", "notebook", "--execute", Path.Combine(notebooks, name + ".ipynb"),
            "--output", output, $"--ExecutePreprocessor.kernel_name={KernelEnvironment.KernelName}", "--ExecutePreprocessor.timeout=1800"],
            TimeSpan.FromMinutes(40), notebooks, new Dictionary<string, string>
            {
                ["VVS_BOOTSTRAPS"] = Environment.GetEnvironmentVariable("VVS_BOOTSTRAPS") is { Length: > 0 } b ? b : "100",
                ["VVS_FIGURES_DIR"] = figures,
                ["VVS_TUTORIAL_SCALE"] = Environment.GetEnvironmentVariable("VVS_TUTORIAL_SCALE") is { Length: > 0 } s ? s : "ci",
            });
        Assert.True(run.ExitCode == 0, $"{name} failed:\n{Tail(run.Output)}");

        var check = environment.Run(KernelEnvironment.Python, [KernelEnvironment.Script("notebook_outputs.py"), output], TimeSpan.FromMinutes(1));
        Assert.True(check.ExitCode == 0, check.Output);
        var cells = JsonNode.Parse(check.Stdout.Trim().Split('\n').Last())!["cells"]!.AsArray();
        Assert.DoesNotContain(cells.SelectMany(c => c!["outputs"]!.AsArray()), o => o!["type"]!.GetValue<string>() == "error");

        // The last code cell is the notebook's paper checks, all passing.
        var last = cells[^1]!;
        Assert.Contains(".Assert()", last["source"]!.GetValue<string>());
        var verdict = last["outputs"]!.AsArray().Select(o => o!["text"]?.GetValue<string>() ?? "").LastOrDefault(t => t.Contains("checks pass")) ?? "";
        Assert.Matches(@"^[^\n]*: (\d+) of \1 checks pass", verdict);

        var pngs = Directory.Exists(figures) ? Directory.GetFiles(figures, "*.png") : [];
        Assert.True(pngs.Length > 0, $"{name} saved no panel in {figures}");
        foreach (var png in pngs)
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png)[..4]);
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void figure_notebook_is_laid_out_for_both_hosts(string name)
    {
        var notebook = JsonNode.Parse(File.ReadAllText(Path.Combine(TestProcess.RepositoryRoot(), "notebooks", name + ".ipynb")))!;
        Assert.Equal("vvs-csharp", notebook["metadata"]!["kernelspec"]!["name"]!.GetValue<string>());
        Assert.Equal("csharp", notebook["metadata"]!["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]!.GetValue<string>());
        var code = notebook["cells"]!.AsArray().Where(c => c!["cell_type"]!.GetValue<string>() == "code").ToArray();
        Assert.All(code, c => Assert.Equal("csharp", c!["metadata"]!["polyglot_notebook"]!["kernelName"]!.GetValue<string>()));
        Assert.All(code, c => Assert.Empty(c!["outputs"]!.AsArray())); // committed without outputs: plotly.js would weigh 4.8 MB each
        var load = Source(code[0]).Trim().Split('\n').Select(l => l.Trim()).ToArray();
        Assert.Equal("#r \"nuget:VvsNotebook\"", load[0]);
        // A notebook that runs models loads torch's package too (.NET Interactive needs it); one that only fits does not.
        var runsModels = code.Any(c => System.Text.RegularExpressions.Regex.IsMatch(Source(c),
            @"#!train|#!study|#!sweep|#!benchmark|\bTrainer\b|VvsNotebook\.Training|TorchRuntime"));
        Assert.Equal(runsModels, load.Contains("#r \"nuget:VvsNotebook.Torch\""));
        Assert.Contains(code, c => Source(c).Contains("FigureRun.Bootstraps", StringComparison.Ordinal) || Source(c).Contains("VVS_TUTORIAL_SCALE"));
        Assert.Contains(code, c => Source(c).Contains("FigureRun.Save(", StringComparison.Ordinal));
    }

    [Fact]
    public void the_gallery_shows_every_notebook_with_its_committed_panels()
    {
        var notebooks = Path.Combine(TestProcess.RepositoryRoot(), "notebooks");
        var gallery = File.ReadAllText(Path.Combine(notebooks, "README.md"));
        foreach (var path in Directory.GetFiles(notebooks, "*.ipynb"))
            Assert.Contains($"]({Path.GetFileName(path)})", gallery);
        var images = System.Text.RegularExpressions.Regex.Matches(gallery, @"!\[[^\]]*\]\((figures/[^)]+\.png)\)").Select(m => m.Groups[1].Value).ToArray();
        Assert.NotEmpty(images);
        Assert.All(images, image => Assert.True(File.Exists(Path.Combine(notebooks, image)), $"the gallery shows {image}, which is not committed"));
    }

    private static string Source(JsonNode? cell) => cell!["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        var text => text!.GetValue<string>(),
    };

    private static string Tail(string text) => text.Length <= 6000 ? text : "…" + text[^6000..];
}
