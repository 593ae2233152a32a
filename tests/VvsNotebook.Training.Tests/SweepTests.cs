using VvsNotebook.Benchmarks;
using VvsNotebook.Benchmarks.Offline;
using VvsNotebook.Data;
using VvsNotebook.Training.Activations;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Models;

namespace VvsNotebook.Training.Tests;

public sealed class SweepTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vvs-sweep-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static RunConfig Template(int epochs = 1) => new()
    {
        Model = new ModelSpec("small_cnn"),
        Threads = 1,
        ValidationImages = 50,
        Recipe = new TrainingRecipe { Epochs = epochs, BatchSize = 10, PeakLearningRate = 0.05, WarmupEpochs = 0, Augment = false },
    };

    [Fact]
    public void grid_nests_models_then_samples_then_seeds_and_copies_the_template()
    {
        var grid = TrainingSweep.Grid(Template(epochs: 3), [new ModelSpec("small_cnn", 0.5), new ModelSpec("alexnet", 0.25)], [1, null], [0, 7]);
        string[] expected =
        [
            "small_cnn_w0.5_fashion-mnist_d1_s0", "small_cnn_w0.5_fashion-mnist_d1_s7", "small_cnn_w0.5_fashion-mnist_dall_s0", "small_cnn_w0.5_fashion-mnist_dall_s7",
            "alexnet_w0.25_fashion-mnist_d1_s0", "alexnet_w0.25_fashion-mnist_d1_s7", "alexnet_w0.25_fashion-mnist_dall_s0", "alexnet_w0.25_fashion-mnist_dall_s7",
        ];
        Assert.Equal(expected, grid.Select(c => c.Name));
        Assert.All(grid, c => Assert.Equal((3, 10, 1, 50), (c.Recipe.Epochs, c.Recipe.BatchSize, c.Threads, c.ValidationImages)));
    }

    [Fact]
    public async Task a_sweep_listing_one_run_twice_is_refused_before_training()
    {
        var sweep = new TrainingSweep(_dir.FullName);
        var config = Template() with { SamplesPerClass = 1 };
        var e = await Assert.ThrowsAsync<ArgumentException>(() => sweep.RunAsync([config, config]));
        Assert.Contains("small_cnn_fashion-mnist_d1_s0", e.Message);
        Assert.Empty(_dir.GetDirectories());
    }

    [Fact]
    public async Task a_second_sweep_reads_finished_runs_back_and_a_finished_run_with_another_recipe_is_an_error()
    {
        var sweep = new TrainingSweep(_dir.FullName);
        var grid = TrainingSweep.Grid(Template(), [new ModelSpec("small_cnn", 0.25), new ModelSpec("small_cnn", 0.5)], [1], [0]);
        var reports = new List<SweepProgress>();
        var first = await sweep.RunAsync(grid, new Collect(reports));

        Assert.All(first, r => Assert.False(r.Skipped));
        Assert.Equal([1, 2], reports.Where(p => p.Finished is not null).Select(p => p.Index));
        Assert.Contains(reports, p => p.Training is not null && p.Index == 2);
        Assert.All(first, r => Assert.Equal(Path.Combine(_dir.FullName, r.Config.Name), r.Directory));
        Assert.All(first, r => Assert.Equal(r.Result, RunFiles.ReadJson<TrainingResult>(Path.Combine(r.Directory, "result.json"))));

        reports.Clear();
        var second = await sweep.RunAsync(grid, new Collect(reports));
        Assert.All(second, r => Assert.True(r.Skipped));
        Assert.Equal(first.Select(r => r.Result), second.Select(r => r.Result));
        Assert.DoesNotContain(reports, p => p.Training is not null);

        // Same run names, two epochs: reusing the one-epoch results would silently mix recipes.
        var longer = TrainingSweep.Grid(Template(epochs: 2), [new ModelSpec("small_cnn", 0.25)], [1], [0]);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => sweep.RunAsync(longer));
        Assert.Contains("different config", e.Message);
    }

    [Fact]
    public async Task scoring_writes_a_runs_rows_beside_it_with_its_n_d_and_c_and_a_rescoring_reads_that_file()
    {
        var run = (await new TrainingSweep(_dir.FullName).RunAsync([Template() with { SamplesPerClass = 2 }]))[0];
        var suite = OfflineSuite.Build(new OfflineSuiteOptions { ImagesPerClass = 4 });
        var runner = new BenchmarkRunner { CandidateLayers = ["features.3", "features.7"], BehavioralReadoutLayer = "classifier" };
        var scoring = new RunScoring("offline", suite, runner);

        var rows = scoring.Score(run.Directory);

        // The reference: the runner on the run's model directly.
        var direct = runner.Run(TrainedRunSource.Load(run.Directory)!, suite);
        Assert.Equal(direct.Scores.Select(s => (s.Benchmark, s.Region, (double?)s.Score)), rows.Select(r => (r.BenchmarkName, r.Region, r.Score)));
        Assert.All(rows, r => Assert.Equal(((double?)run.Result.Parameters, (double?)run.Result.SamplesSeen, (double?)run.Result.TotalFlops, run.Config.Name),
            (r.NParams, r.NSamplesSeen, r.TotalFlops, r.ModelId)));
        var file = Path.Combine(run.Directory, scoring.FileName);
        Assert.Equal(rows, ScoreTable.Read(file));

        // A marked score in the file comes back: the second scoring read it rather than recomputing.
        ScoreTable.Write(file, rows.Select((r, i) => i == 0 ? r with { Score = 0.123 } : r));
        var progress = new List<RunScoringProgress>();
        var again = new RunScoring("offline", suite, runner).ScoreAll([run.Directory], new CollectScoring(progress));
        Assert.Equal(0.123, again[0].Score);
        Assert.True(Assert.Single(progress).Cached);
    }

    [Fact]
    public void the_scores_file_name_follows_the_layer_choice_and_the_stimuli()
    {
        var suite = OfflineSuite.Build(new OfflineSuiteOptions { ImagesPerClass = 2 });
        var name = new RunScoring("offline", suite).FileName;
        Assert.Equal(name, new RunScoring("offline", suite).FileName);
        Assert.Matches("^scores-offline-[0-9a-f]{8}\\.csv$", name);
        Assert.NotEqual(name, new RunScoring("offline", suite, new BenchmarkRunner { CandidateLayers = ["features.7"] }).FileName);
        Assert.NotEqual(name, new RunScoring("offline", OfflineSuite.Build(new OfflineSuiteOptions { ImagesPerClass = 3 })).FileName);
    }

    [Fact]
    public void scoring_an_unfinished_run_names_the_folder()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_dir.FullName, "half"));
        var e = Assert.Throws<InvalidOperationException>(() => new RunScoring("offline", OfflineSuite.Build(new OfflineSuiteOptions { ImagesPerClass = 2 })).Score(dir.FullName));
        Assert.Contains("half", e.Message);
    }

    private sealed class Collect(List<SweepProgress> into) : IProgress<SweepProgress>
    {
        public void Report(SweepProgress value) => into.Add(value);
    }

    private sealed class CollectScoring(List<RunScoringProgress> into) : IProgress<RunScoringProgress>
    {
        public void Report(RunScoringProgress value) => into.Add(value);
    }
}
