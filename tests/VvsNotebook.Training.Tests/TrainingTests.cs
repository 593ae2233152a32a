using System.Diagnostics;
using VvsNotebook.Cli.Tests;
using VvsNotebook.Data;
using TorchSharp;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Models;

namespace VvsNotebook.Training.Tests;

public sealed class TrainingTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vvs-train-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static RunConfig Config(int samplesPerClass, int epochs, int batch, double lr, bool augment = false, int validation = 1000) => new()
    {
        Model = new ModelSpec("small_cnn"),
        SamplesPerClass = samplesPerClass,
        Seed = 0,
        Threads = 2,
        ValidationImages = validation,
        Recipe = new TrainingRecipe { Epochs = epochs, BatchSize = batch, PeakLearningRate = lr, WarmupEpochs = 0.5, Augment = augment },
    };

    [Fact]
    public async Task small_cnn_reaches_75_percent_on_fashion_mnist_with_100_images_per_class_in_80_steps()
    {
        // 1,000 training images, 5 epochs of 16 steps (batch 64), SGD 0.01 with warm-up + cosine: ~82% measured.
        var result = await new Trainer().RunAsync(Config(100, 5, 64, 0.01), Path.Combine(_dir.FullName, "run"));
        Assert.True(result.ValidationAccuracy >= 0.75, $"validation accuracy {result.ValidationAccuracy:P2}");
        Assert.Equal(5000, result.SamplesSeen);
        Assert.Equal(3.0 * result.FlopsPerImage * 5000, result.TotalFlops);
        Assert.Equal(2 * result.MacsPerImage, result.FlopsPerImage);
        var lines = File.ReadAllLines(Path.Combine(_dir.FullName, "run", "metrics.jsonl"));
        Assert.Equal(5, lines.Length);
    }

    [Fact]
    public async Task same_seed_and_threads_give_bit_identical_runs_and_finished_runs_are_not_overwritten()
    {
        var config = Config(10, 2, 25, 0.05, augment: true, validation: 200);
        var a = await new Trainer().RunAsync(config, Path.Combine(_dir.FullName, "a"));
        var b = await new Trainer().RunAsync(config, Path.Combine(_dir.FullName, "b"));
        Assert.Equal(a, b);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir.FullName, "a", "model.bin")), File.ReadAllBytes(Path.Combine(_dir.FullName, "b", "model.bin")));
        Assert.Equal(File.ReadAllText(Path.Combine(_dir.FullName, "a", "subsample.json")), File.ReadAllText(Path.Combine(_dir.FullName, "b", "subsample.json")));

        await Assert.ThrowsAsync<RunFinishedException>(() => new Trainer().RunAsync(config, Path.Combine(_dir.FullName, "a")));
        Directory.CreateDirectory(Path.Combine(_dir.FullName, "c"));
        File.WriteAllText(Path.Combine(_dir.FullName, "c", "config.json"), "{}");
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => new Trainer().RunAsync(config, Path.Combine(_dir.FullName, "c")));
        Assert.Contains("different run", e.Message);
    }

    [Theory]
    [InlineData("fp32")]
    [InlineData("bf16")]
    public async Task a_run_killed_with_sigkill_resumes_and_ends_identical_to_an_uninterrupted_run(string precision)
    {
        if (precision == Precision.Bf16 && !Runtime.TorchRuntime.CpuHasBf16()) return;
        string[] args = ["train", "--arch", "small_cnn", "--samples-per-class", "20", "--seed", "1", "--epochs", "12", "--batch-size", "40",
            "--lr", "0.05", "--threads", "1", "--validation-images", "100", "--precision", precision];
        var killed = Path.Combine(_dir.FullName, "killed");
        var reference = Path.Combine(_dir.FullName, "reference");

        using (var child = VvsProcess.Start([.. args, "--run-dir", killed]))
        {
            // Kill once a checkpoint exists (mid-epoch or mid-checkpoint is fine too): 11 more epochs leave ample margin.
            var clock = Stopwatch.StartNew();
            while (!HasCompleteCheckpoint(killed) && !child.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(5);
            child.Kill(); // SIGKILL on Unix: no chance to clean up.
            child.WaitForExit();
        }
        Assert.False(File.Exists(Path.Combine(killed, "result.json")), "the run finished before the kill");

        Assert.Equal(0, VvsProcess.Run([.. args, "--run-dir", killed]).ExitCode);
        Assert.Equal(0, VvsProcess.Run([.. args, "--run-dir", reference]).ExitCode);

        Assert.Equal(File.ReadAllText(Path.Combine(reference, "result.json")), File.ReadAllText(Path.Combine(killed, "result.json")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(reference, "model.bin")), File.ReadAllBytes(Path.Combine(killed, "model.bin")));
        Assert.Equal(File.ReadAllLines(Path.Combine(reference, "metrics.jsonl")), File.ReadAllLines(Path.Combine(killed, "metrics.jsonl")));
        // And the CLI refuses to overwrite the finished run.
        Assert.Equal(2, VvsProcess.Run([.. args, "--run-dir", killed]).ExitCode);
    }

    [Fact]
    public void sweep_trains_every_grid_point_once_and_skips_finished_runs()
    {
        string[] args = ["sweep", "--arch", "small_cnn", "--width", "0.5,1", "--samples-per-class", "1", "--seed", "0", "--epochs", "1",
            "--batch-size", "10", "--threads", "1", "--validation-images", "50", "--score", "none", "--runs-dir", _dir.FullName];
        var (code, output, _) = VvsProcess.Run(args);
        Assert.Equal(0, code);
        Assert.Contains("2 trained, 0 skipped", output);
        Assert.True(File.Exists(Path.Combine(_dir.FullName, "small_cnn_w0.5_fashion-mnist_d1_s0", "result.json")));
        Assert.True(File.Exists(Path.Combine(_dir.FullName, "small_cnn_fashion-mnist_d1_s0", "result.json")));
        (code, output, _) = VvsProcess.Run(args);
        Assert.Equal(0, code);
        Assert.Contains("0 trained, 2 skipped", output);
    }

    [Fact]
    public void training_result_becomes_a_results_table_row_with_the_paper_columns()
    {
        var result = new TrainingResult
        {
            ModelId = "resnet18_w0.25_fashion-mnist_d10_s0", Arch = "resnet18", Dataset = "fashion-mnist", SamplesPerClass = 10, Seed = 0,
            Epochs = 5, NSamples = 100, SamplesSeen = 500, Parameters = 700_000, MacsPerImage = 1000, FlopsPerImage = 2000, TotalFlops = 3.0 * 2000 * 500,
            ValidationAccuracy = 0.5, ValidationLoss = 1.2, TrainLoss = 1.0,
        };
        var path = Path.Combine(_dir.FullName, "scores.csv");
        ScoreTable.Write(path, [result.ToScoreRecord("V4", "V4", 0.42)]);
        var row = Assert.Single(ScoreTable.Read(path));
        Assert.Equal((500.0, 3_000_000.0, 0.42, 10.0, "ResNet"), (row.NSamplesSeen, row.TotalFlops, row.Score, row.SamplesPerClass, row.ArchFamily));
        Assert.Contains("val acc 50.00", result.ToMimeBundle()["text/plain"]);
    }

    private static bool HasCompleteCheckpoint(string run)
    {
        try { return Directory.Exists(Path.Combine(run, "checkpoints")) && Directory.GetDirectories(Path.Combine(run, "checkpoints")).Any(d => File.Exists(Path.Combine(d, "complete"))); }
        catch (IOException) { return false; }
    }
}
