using VvsNotebook.Brain;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Studies;

namespace VvsNotebook.Training.Tests.Alignment;

/// <summary>The alignment study end to end at a tiny scale: the Gabor oracle and a simulated ROI.</summary>
public sealed class AlignmentStudyTests : IDisposable
{
    private static readonly Lazy<(ImageDataset Train, ImageDataset Test)> Fashion = new(() => (FashionMnist.Load(train: true), FashionMnist.Load(train: false)));
    private static readonly Lazy<BrainRoiSet> Brain = new(() => SimulatedRoiSet.Build(new SimulatedRoiOptions { ImagesPerClass = 4 }));
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vvs-align-study-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static AlignmentStudyOptions Tiny => new()
    {
        Targets = ["gabor@conv1", "brain:IT@conv4"], Alphas = [-8, 0, 8], Seeds = [0], SamplesPerClass = 6, ValidationPerClass = 4,
        Epochs = 2, BatchSize = 20, AlignmentBatchSize = 20, Width = 0.25, Threads = 1,
    };

    private AlignmentStudyResult Run(AlignmentStudyOptions options, CancellationToken cancellationToken = default) =>
        new AlignmentStudy(options, Path.Combine(_dir.FullName, "runs")).Run(() => Brain.Value, Fashion.Value.Train, Fashion.Value.Test, null, cancellationToken);

    [Fact]
    public void the_table_has_a_row_per_target_alpha_and_seed_with_degradations_from_the_alpha_0_baseline()
    {
        var result = Run(Tiny);
        Assert.Equal(2 * 3, result.Rows.Count);
        Assert.Equal(6, result.TrainedRuns);
        foreach (var target in Tiny.Targets)
        {
            var rows = result.For(target);
            var baseline = rows.Single(r => r.Alpha == 0);
            Assert.Equal(0, baseline.Degradation);
            Assert.All(rows, r =>
            {
                Assert.Equal(baseline.Accuracy - r.Accuracy, r.Degradation, 12);
                Assert.InRange(r.Accuracy, 0, 1);
                Assert.True(double.IsFinite(r.ValidationAlignment) && double.IsFinite(r.TrainingAlignment), $"{r}");
                Assert.InRange(r.ValidationCka, 0, 1);
            });
            var front = ParetoFront.Maximal(rows.Select(r => (r.ValidationAlignment, r.Accuracy)).ToList());
            Assert.Equal(front.Order(), Enumerable.Range(0, rows.Count).Where(i => rows[i].Pareto));
            // The objective works: pushed towards the reference, the layer ends closer to it than pushed away.
            Assert.True(rows.Single(r => r.Alpha == 8).TrainingAlignment > rows.Single(r => r.Alpha == -8).TrainingAlignment,
                string.Join("; ", rows.Select(r => $"alpha {r.Alpha}: {r.TrainingAlignment:F3}")));
        }
        Assert.Equal(6, result.Curves.Count);
        Assert.All(result.Curves, c => Assert.Equal(2, c.Run.Curve.Count));
        Assert.Equal([16, 1, 3, 3], result.Filters[0].Shape);
        Assert.Equal(108 * 28 * 28, result.Gabor.Kernels.Length);
    }

    [Fact]
    public void finished_networks_are_read_back_not_retrained_and_give_the_same_table()
    {
        var options = Tiny with { Targets = ["gabor@conv1"], Alphas = [0, 2] };
        var first = Run(options);
        var models = Directory.GetFiles(Path.Combine(_dir.FullName, "runs"), "model.bin", SearchOption.AllDirectories);
        Assert.Equal(2, models.Length);
        var written = models.ToDictionary(f => f, File.GetLastWriteTimeUtc);
        var second = Run(options);
        Assert.Equal(0, second.TrainedRuns);
        Assert.All(written, w => Assert.Equal(w.Value, File.GetLastWriteTimeUtc(w.Key)));
        Assert.Equal(first.Rows, second.Rows);
        // Another config (more epochs) is another directory, trained afresh.
        var third = Run(options with { Epochs = 3 });
        Assert.Equal(2, third.TrainedRuns);
    }

    [Fact]
    public void a_cancelled_study_stops_and_leaves_no_finished_marker()
    {
        using var cancel = new CancellationTokenSource();
        var progress = new Progress(p => { if (p.Training is { Batch: 2 }) cancel.Cancel(); });
        var study = new AlignmentStudy(Tiny with { Targets = ["gabor@conv1"] }, Path.Combine(_dir.FullName, "runs"));
        Assert.ThrowsAny<OperationCanceledException>(() => study.Run(null, Fashion.Value.Train, Fashion.Value.Test, progress, cancel.Token));
        var runs = Path.Combine(_dir.FullName, "runs");
        Assert.NotEmpty(Directory.GetFiles(runs, "config.json", SearchOption.AllDirectories)); // it had started
        Assert.Empty(Directory.GetFiles(runs, "run.json", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData(new[] { "gabor@conv1" }, new[] { -1.0, 1.0 }, "must include 0")]
    [InlineData(new[] { "gabor" }, new[] { 0.0 }, "REFERENCE@LAYER")]
    [InlineData(new[] { "oracle@conv1" }, new[] { 0.0 }, "Unknown reference 'oracle'")]
    public void bad_options_are_refused_naming_the_fix(string[] targets, double[] alphas, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => (Tiny with { Targets = targets, Alphas = alphas }).Validate());
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void a_layer_the_model_lacks_is_refused_before_any_run_is_written()
    {
        var error = Assert.Throws<ArgumentException>(() => Run(Tiny with { Targets = ["gabor@fc7"] }));
        Assert.Contains("no layer 'fc7'", error.Message);
        Assert.Contains("conv1", error.Message);
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.FullName, "runs"), "config.json", SearchOption.AllDirectories));
    }

    private sealed class Progress(Action<AlignmentStudyProgress> report) : IProgress<AlignmentStudyProgress>
    {
        public void Report(AlignmentStudyProgress value) => report(value);
    }
}
