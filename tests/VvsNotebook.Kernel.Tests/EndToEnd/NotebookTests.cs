using System.Text.Json.Nodes;

namespace VvsNotebook.Kernel.Tests.EndToEnd;

/// <summary>
/// <c>jupyter nbconvert --to notebook --execute</c> (nbclient) runs notebooks/tests/kernel-smoke.ipynb: the package
/// from the local feed, each magic, display, an exception and the recovery; the result validates with nbformat.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class NotebookTests(KernelEnvironment environment)
{
    [Fact]
    public void nbconvert_executes_the_smoke_notebook_and_the_output_validates()
    {
        LocalFeed.EnsurePacked(environment);
        // Run a copy in this test's own folder: the notebook's #!train writes runs/smoke beside it, and a finished run
        // would be loaded instead of trained.
        var notebook = Path.Combine(environment.Prefix, "kernel-smoke.ipynb");
        File.Copy(Path.Combine(environment.RepositoryRoot, "notebooks", "tests", "kernel-smoke.ipynb"), notebook, overwrite: true);
        var output = Path.Combine(environment.Prefix, "kernel-smoke.out.ipynb");
        var run = environment.Run("/usr/bin/jupyter", ["nbconvert", "--to", "notebook", "--execute", notebook, "--output", output,
            $"--ExecutePreprocessor.kernel_name={KernelEnvironment.KernelName}", "--ExecutePreprocessor.timeout=600"], TimeSpan.FromMinutes(5),
            workingDirectory: Path.GetDirectoryName(notebook));
        Assert.True(run.ExitCode == 0, run.Output);

        var check = environment.Run(KernelEnvironment.Python, [KernelEnvironment.Script("notebook_outputs.py"), output], TimeSpan.FromMinutes(1));
        Assert.True(check.ExitCode == 0, check.Output);
        var report = JsonNode.Parse(check.Stdout.Trim().Split('\n').Last())!;
        Assert.Equal("C#", report["language"]!.GetValue<string>());
        var cells = report["cells"]!.AsArray().Select(c => (Source: c!["source"]!.GetValue<string>(), Outputs: c["outputs"]!.AsArray())).ToList();

        JsonArray OutputsOf(string sourceStart) => cells.Single(c => c.Source.StartsWith(sourceStart, StringComparison.Ordinal)).Outputs;
        string Types(JsonArray outputs) => string.Join(",", outputs.Select(o => o!["type"]!.GetValue<string>()));

        Assert.Contains("VvsNotebook", OutputsOf("#r \"nuget:VvsNotebook\"").Last()!["text"]!.GetValue<string>());
        Assert.Contains("#!data", OutputsOf("#!lsmagic")[0]!["text"]!.GetValue<string>());
        Assert.Contains("Usage", OutputsOf("#!data -h")[0]!["text"]!.GetValue<string>());
        Assert.Contains("text/html", OutputsOf("#!data scaling-primate-vvs")[^1]!["mimes"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal("execute_result", Types(OutputsOf("scores.Count")));
        Assert.True(int.Parse(OutputsOf("scores.Count")[0]!["text"]!.GetValue<string>()) > 0);

        var fit = OutputsOf("#!fit model_resnet_neuro");
        Assert.Contains("application/vnd.plotly.v1+json", fit[^1]!["mimes"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Contains("20 bootstraps", fit[0]!["text"]!.GetValue<string>()); // the live progress display, updated in place
        Assert.Matches(@"^150 starts -> 120 starts; loss", OutputsOf("// Tweak the initial grid")[0]!["text"]!.GetValue<string>());

        var train = OutputsOf("#!train");
        Assert.Equal("display_data,display_data", Types(train)); // the live curve, then the result
        Assert.Contains("application/vnd.plotly.v1+json", train[0]!["mimes"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.StartsWith("resnet_d10_w0.0625_fashion-mnist_d2_s0: epoch 1/1", train[0]!["text"]!.GetValue<string>());
        Assert.Contains("val acc", train[1]!["text"]!.GetValue<string>());
        Assert.True(long.Parse(OutputsOf("run.Parameters")[0]!["text"]!.GetValue<string>()) > 0);

        var benchmark = OutputsOf("#!benchmark");
        Assert.Equal("display_data,display_data", Types(benchmark)); // live status, then the scores with per-region bars
        Assert.Contains("3 benchmarks scored", benchmark[0]!["text"]!.GetValue<string>());
        Assert.Contains("application/vnd.plotly.v1+json", benchmark[1]!["mimes"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Matches(@"^V1@\w+, IT@\w+, Behavioral@\w+$", OutputsOf("string.Join(\", \", bench.Scores")[0]!["text"]!.GetValue<string>());

        var display = OutputsOf("var progress");
        Assert.Equal("display_data,display_data", Types(display));
        Assert.Equal("step 3 of 3", display[0]!["text"]!.GetValue<string>()); // update_display_data rewrote the first display

        var failure = OutputsOf("Console.WriteLine(\"streamed");
        Assert.Equal("stream,error", Types(failure));
        Assert.Equal("InvalidOperationException", failure[1]!["ename"]!.GetValue<string>());

        var badOption = OutputsOf("#!data --no-such-option");
        Assert.Equal("error", Types(badOption));
        Assert.Contains("--no-such-option", badOption[0]!["evalue"]!.GetValue<string>());

        Assert.Contains("recovered", OutputsOf("$\"recovered")[0]!["text"]!.GetValue<string>());
        Assert.Contains("scores", OutputsOf("#!who")[0]!["text"]!.GetValue<string>());
    }
}
