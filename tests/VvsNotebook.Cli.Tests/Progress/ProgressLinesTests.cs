using System.Globalization;
using VvsNotebook.Benchmarks;
using VvsNotebook.Data;
using VvsNotebook.Fitting;
using VvsNotebook.Progress;
using VvsNotebook.Training.Activations;
using VvsNotebook.Training.Alignment;
using VvsNotebook.Training.LearningRules;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Models;
using VvsNotebook.Training.Studies;
using VvsNotebook.Training.Sweeps;
using VvsNotebook.Workflow;

namespace VvsNotebook.Cli.Tests.Progress;

/// <summary>
/// Each job's report describes itself with the line the CLI printed before the hosts shared one renderer (the CLI
/// prefixes "name: " to a training's and a fit's), and says whether that line stays.
/// </summary>
public sealed class ProgressLinesTests : IDisposable
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;

    // The lines use the user's culture (P1 is "85.3 %" in the invariant one): pin it so the expected text is exact.
    public ProgressLinesTests() => CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

    public void Dispose() => CultureInfo.CurrentCulture = _culture;

    private static TrainingProgress Step(int batch) => new(Epoch: 0, Epochs: 3, Batch: batch, BatchesPerEpoch: 10, Loss: 0.12345, Accuracy: 0.853, ImagesPerSecond: 1234.4);

    private static void AssertLine(JobProgress progress, string line, bool stays)
    {
        Assert.Equal(line, progress.Describe());
        Assert.Equal(line, progress.ToString()); // notebooks that show a report as it is
        Assert.Equal(stays, progress.IsMilestone);
    }

    [Fact]
    public void a_fit_reports_its_stage_with_the_count_the_notebook_shows()
    {
        var progress = new FitProgress("bootstraps", 50, 200);
        AssertLine(progress, "bootstraps 50/200", stays: false);
        Assert.Equal(("bootstraps", 50, 200), (progress.Stage, progress.Done, progress.Total));
    }

    [Fact]
    public void a_training_step_shows_loss_accuracy_speed_and_batch_and_the_epochs_last_step_stays_without_the_batch()
    {
        AssertLine(Step(5), "epoch 1/3 loss 0.1235 acc 85.3 % 1234 img/s batch 5/10", stays: false);
        AssertLine(Step(10), "epoch 1/3 loss 0.1235 acc 85.3 % 1234 img/s", stays: true);
        Assert.Equal((15, 30), ((Step(5) with { Epoch = 1 }).Done, Step(5).Total)); // the bar fills once over all epochs
    }

    [Fact]
    public void a_sweep_task_names_itself_before_its_training_and_its_end_stays()
    {
        var result = Result();
        AssertLine(new SweepTaskProgress(1, 4, "small_cnn_d10_s0", Training: Step(5)), "[2/4] small_cnn_d10_s0: epoch 1/3 loss 0.1235 acc 85.3 % 1234 img/s batch 5/10", stays: false);
        AssertLine(new SweepTaskProgress(1, 4, "small_cnn_d10_s0", Training: Step(10)), "[2/4] small_cnn_d10_s0: epoch 1/3 loss 0.1235 acc 85.3 % 1234 img/s", stays: true);
        AssertLine(new SweepTaskProgress(1, 4, "small_cnn_d10_s0", Finished: new SweepTaskOutcome(1, "small_cnn_d10_s0", true, result, [])), $"[2/4] {result}", stays: true);
        AssertLine(new SweepTaskProgress(1, 4, "small_cnn_d10_s0", Finished: new SweepTaskOutcome(1, "small_cnn_d10_s0", false, result, [])), "[2/4] small_cnn_d10_s0: finished, skipped", stays: true);
    }

    [Fact]
    public void a_training_sweeps_run_reads_as_a_sweep_task()
    {
        var config = new RunConfig { Model = new ModelSpec("small_cnn"), SamplesPerClass = 10 };
        var result = Result();
        AssertLine(new SweepProgress(2, 4, config, Training: Step(5)), $"[2/4] {config.Name}: epoch 1/3 loss 0.1235 acc 85.3 % 1234 img/s batch 5/10", stays: false);
        AssertLine(new SweepProgress(2, 4, config, Finished: new SweepRun(config, "runs", result, Skipped: false)), $"[2/4] {result}", stays: true);
        AssertLine(new SweepProgress(2, 4, config, Finished: new SweepRun(config, "runs", result, Skipped: true)), $"[2/4] {config.Name}: finished, skipped", stays: true);
    }

    [Fact]
    public void a_studys_stages_stay_and_its_networks_training_is_a_live_line()
    {
        AssertLine(new StudyProgress("score", 2, 4, "bp seed 0"), "[2/4] bp seed 0: score", stays: true);
        var training = new StudyProgress("train", 2, 4, "bp seed 0", new RuleProgress("bp", 1, 2, 10, 10, 0.5));
        AssertLine(training, "[2/4] bp seed 0: epoch 1/2, batch 10/10, loss 0.500", stays: false);
        Assert.Equal((10, 20), (training.Done, training.Total)); // the bar follows the network in training
        AssertLine(new AlignmentStudyProgress("train", 1, 3, "gabor a0.5 seed 0", new AlignmentProgress(1, 2, 3, 10, 2.30259, 0.25)),
            "[1/3] gabor a0.5 seed 0: epoch 1/2, batch 3/10, task 2.303, alignment loss 0.250", stays: false);
        AssertLine(new EncodingStudyProgress("encode", 1, 2, "d=5/class dim 16 depth 1 heads 2 fp32 seed 0"),
            "[1/2] d=5/class dim 16 depth 1 heads 2 fp32 seed 0: encode", stays: true);
    }

    [Fact]
    public void a_studys_last_line_counts_its_networks_and_those_it_trained()
    {
        AssertLine(new StudyFinished("alignment", 3, 1, 12.4), "alignment study: 1 networks trained, 2 read back, in 12 s", stays: true);
        AssertLine(new StudyFinished("learning-rule", 2, Trained: null, 5.2), "learning-rule study: 2 networks in 5 s", stays: true);
    }

    [Fact]
    public void scoring_runs_and_benchmarks_name_what_they_are_on()
    {
        AssertLine(new RunScoringProgress(1, 3, "small_cnn_d10_s0", Cached: true, new ScoreRecord[12]), "[1/3] small_cnn_d10_s0: 12 score rows, read back", stays: true);
        AssertLine(new BenchmarkProgress("MajajHong2015.IT-pls", "layer conv1"), "MajajHong2015.IT-pls: layer conv1", stays: false);
    }

    private static TrainingResult Result() => new()
    {
        ModelId = "small_cnn", Arch = "small_cnn", Dataset = "fashion-mnist", SamplesPerClass = 10, Seed = 0, Epochs = 3, NSamples = 100,
        SamplesSeen = 300, Parameters = 1000, MacsPerImage = 10, FlopsPerImage = 20, TotalFlops = 6000, ValidationAccuracy = 0.8,
        ValidationLoss = 0.5, TrainLoss = 0.4,
    };
}
