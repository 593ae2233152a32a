using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Models;

namespace VvsNotebook.Training.Tests;

public sealed class TrainerProgressTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vvs-progress-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static RunConfig Config() => new()
    {
        Model = new ModelSpec("small_cnn", 0.5),
        SamplesPerClass = 20,
        Seed = 3,
        Threads = 1,
        ValidationImages = 100,
        Recipe = new TrainingRecipe { Epochs = 3, BatchSize = 20, PeakLearningRate = 0.05, WarmupEpochs = 0.5, Augment = false },
    };

    [Fact]
    public async Task progress_comes_every_step_and_cancelling_stops_within_a_step_leaving_a_run_that_resumes_to_the_same_result()
    {
        var reports = new List<TrainingProgress>();
        using var cts = new CancellationTokenSource();
        var cancelled = Path.Combine(_dir.FullName, "cancelled");
        // Cancel during the second epoch (10 steps per epoch).
        var progress = new Inline(p => { reports.Add(p); if (p.Epoch == 1 && p.Batch == 4) cts.Cancel(); });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new Trainer().RunAsync(Config(), cancelled, progress, cts.Token));
        Assert.Equal(Enumerable.Range(1, 10).Concat(Enumerable.Range(1, 4)), reports.Select(r => r.Batch));
        Assert.All(reports, r => Assert.Equal((3, 10), (r.Epochs, r.BatchesPerEpoch)));
        Assert.False(File.Exists(Path.Combine(cancelled, "result.json")));

        var resumed = await new Trainer().RunAsync(Config(), cancelled);
        var reference = await new Trainer().RunAsync(Config(), Path.Combine(_dir.FullName, "reference"));
        Assert.Equal(reference, resumed);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir.FullName, "reference", RunDirectory.ModelFile)), File.ReadAllBytes(Path.Combine(cancelled, RunDirectory.ModelFile)));
    }

    private sealed class Inline(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
