using System.Text.Json;
using System.Text.Json.Nodes;
using VvsNotebook.Assemblies;
using VvsNotebook.Cli.Tests;
using VvsNotebook.Data;
using VvsNotebook.Training.Activations;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Models;

namespace VvsNotebook.Training.Tests;

/// <summary><c>vvs export</c> and <c>vvs benchmark --checkpoint</c>, run as a user runs them.</summary>
public sealed class ExportCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vvs-export-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string In(params string[] parts) => Path.Combine([_dir.FullName, .. parts]);

    [TorchFact]
    public async Task an_exported_run_loads_in_pytorch_and_scores_on_the_offline_suite_exactly_as_the_run()
    {
        var config = new RunConfig
        {
            Model = new ModelSpec("small_cnn", 0.5), SamplesPerClass = 10, Seed = 0, Threads = 2, ValidationImages = 100,
            Recipe = new TrainingRecipe { Epochs = 1, BatchSize = 50, PeakLearningRate = 0.05, WarmupEpochs = 0.5, Augment = false },
        };
        var run = In("run");
        var result = await new Trainer().RunAsync(config, run);
        Directory.CreateDirectory(In("export"));
        var checkpoint = In("export", "model.pt");

        var (code, stdout, stderr) = VvsProcess.Run(["export", run, "--checkpoint", checkpoint, "--json", "-"]);
        Assert.True(code == 0, stderr);
        var export = JsonNode.Parse(stdout)!;
        Assert.Equal(checkpoint, (string?)export["checkpoint"]);
        Assert.Equal(In("export", "model.json"), (string?)export["sidecar"]);
        Assert.Equal(config.Name, (string?)export["model_id"]);
        Assert.Equal(14, (int?)export["tensors"]);
        Assert.Equal(result.Parameters, (long?)export["parameters"]);
        var sidecar = JsonNode.Parse(File.ReadAllText(In("export", "model.json")))!;
        Assert.Equal("small_cnn", (string?)sidecar["arch"]);
        Assert.Equal(0.5, (double?)sidecar["width"]);
        Assert.Equal(1, (int?)sidecar["input"]!["channels"]);
        Assert.Equal(28, (int?)sidecar["input"]!["size"]);
        Assert.Equal(10, (int?)sidecar["num_classes"]);
        Assert.Equal("Ankle boot", (string?)sidecar["classes"]![9]);
        Assert.Equal(0.286, (double)sidecar["normalization"]!["mean"]![0]!, 6);
        Assert.Equal(0.353, (double)sidecar["normalization"]!["std"]![0]!, 6);
        Assert.Equal(result.TotalFlops, (double?)sidecar["training"]!["total_flops"]);

        // PyTorch: torch.load(weights_only=True) and a strict load_state_dict into the twin give the run's weights.
        var x = In("x.npy");
        NpyFile.Write(x, new NpyArray([2, 1, 28, 28], Enumerable.Range(0, 2 * 784).Select(i => Math.Cos(i * 0.1)).ToArray()));
        TorchReference.Run(["forward", "--arch", "small_cnn", "--width", "0.5", "--checkpoint", checkpoint, "--weights-only", "--dump-tensors",
            "--inputs", $"{x}=classifier", "--out", In("py")]);
        var (_, model) = TrainedRunSource.LoadModel(run);
        using (model)
            foreach (var (name, tensor) in model.state_dict())
                PyTorchCheckpointTests.AssertSame(NpyFile.Read(In("py", "tensors", name + ".npy")), tensor, name);

        // vvs benchmark --checkpoint: the sidecar describes the model, and the rows keep the run's N, D and C.
        string[] benchmark = ["benchmark", "--layers", "features.3,features.7,classifier", "--images-per-class", "5", "--json"];
        var byRun = VvsProcess.Run([.. benchmark, "--run", run, "--append", In("run.csv")]);
        var byCheckpoint = VvsProcess.Run([.. benchmark, "--checkpoint", checkpoint, "--append", In("checkpoint.csv")]);
        Assert.True(byRun.ExitCode == 0, byRun.Stderr);
        Assert.True(byCheckpoint.ExitCode == 0, byCheckpoint.Stderr);
        Assert.Equal(JsonNode.Parse(byRun.Stdout)!.ToJsonString(), JsonNode.Parse(byCheckpoint.Stdout)!.ToJsonString());
        Assert.Equal(ScoreTable.Read(In("run.csv")), ScoreTable.Read(In("checkpoint.csv")));
        Assert.All(ScoreTable.Read(In("checkpoint.csv")), r => Assert.Equal((result.Parameters, result.SamplesSeen), (r.NParams, r.NSamplesSeen)));

        // Without a sidecar the architecture comes from --arch; a wrong one is named, with exit code 2.
        File.Delete(In("export", "model.json"));
        var noSidecar = VvsProcess.Run([.. benchmark, "--checkpoint", checkpoint]);
        Assert.Equal(2, noSidecar.ExitCode);
        Assert.Contains("--arch", noSidecar.Stderr);
        var wrongWidth = VvsProcess.Run([.. benchmark, "--checkpoint", checkpoint, "--arch", "small_cnn"]);
        Assert.Equal(2, wrongWidth.ExitCode);
        Assert.Contains("features.0.weight is [8, 1, 3, 3] in the checkpoint, [16, 1, 3, 3] in the model", wrongWidth.Stderr);
    }

    [Fact]
    public void bad_input_exits_2_with_the_reason_before_anything_is_written()
    {
        var finished = In("finished");
        Directory.CreateDirectory(finished);
        // The checks come before the model is read, so these stand-ins are enough.
        File.WriteAllText(Path.Combine(finished, "config.json"), "{}");
        File.WriteAllText(Path.Combine(finished, "result.json"), "{}");
        var unfinished = In("unfinished");
        Directory.CreateDirectory(unfinished);
        File.WriteAllText(Path.Combine(unfinished, "config.json"), "{}");
        Directory.CreateDirectory(In("empty"));
        Directory.CreateDirectory(In("out"));

        foreach (var (args, reason) in new (string[], string)[]
        {
            (["export", In("absent"), "--checkpoint", In("out", "m.pt")], "Run directory not found"),
            (["export", In("empty"), "--checkpoint", In("out", "m.pt")], "is not a training run (no config.json)"),
            (["export", unfinished, "--checkpoint", In("out", "m.pt")], "has not finished training"),
            (["export", finished, "--checkpoint", In("nowhere", "m.pt")], "does not exist"),
            (["export", finished, "--checkpoint", In("out")], "is a directory"),
            (["export", finished, "--checkpoint", In("out", "m.json")], "share its name with its JSON sidecar"),
            (["export", finished, "--checkpoint", In("out", "m.pt"), "--json", In("nowhere", "e.json")], "--json"),
        })
        {
            var (code, _, stderr) = VvsProcess.Run(args);
            Assert.True(code == 2, $"{string.Join(" ", args)}: exit {code}, {stderr}");
            Assert.Contains(reason, stderr);
        }
        Assert.Empty(Directory.GetFileSystemEntries(In("out")));
    }
}
