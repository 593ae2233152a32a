using VvsNotebook.Data;
using VvsNotebook.Manifests;
using VvsNotebook.Progress;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Loop;

namespace VvsNotebook.Training.Sweeps;

/// <summary>What one task did: trained (or found trained), then scored (or found its scores).</summary>
public sealed record SweepTaskOutcome(int Index, string Run, bool Trained, TrainingResult Result, IReadOnlyList<ScoreRecord> Rows);

/// <summary>
/// Task i of a sweep: trains run i into its directory (resuming from its last checkpoint, or reading a finished run
/// back), then scores it. Idempotent, so a local loop, a Slurm array task and a resubmission all run the same code,
/// and each writes only its own run directory.
/// </summary>
public static class SweepTask
{
    public static async Task<SweepTaskOutcome> RunAsync(string root, SweepPlan plan, int index, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var config = plan.Task(index);
        var dir = plan.RunDirectory(root, index);
        var resolver = DataResolver.FromEnvironment(plan.DataDir);
        var (result, trained) = await TrainingSweep.TrainOrReadAsync(new Trainer(train => FashionMnist.Load(train, resolver)), config, dir, progress, cancellationToken);
        var rows = plan.Scoring is { } scoring ? scoring.Scorer().Score(dir, cancellationToken) : [];
        return new SweepTaskOutcome(index, config.Name, trained, result, rows);
    }
}

/// <summary>Task <see cref="Index"/> (0-based) of <see cref="Count"/>: its training progress, or once done its outcome.</summary>
public sealed record SweepTaskProgress(int Index, int Count, string Run, TrainingProgress? Training = null, SweepTaskOutcome? Finished = null)
    : RunListProgress(Index + 1, Count, Run, Training)
{
    protected override TrainingResult? TrainedResult => Finished is { Trained: true } f ? f.Result : null;
}

/// <summary>The local executor: every task of a plan, one after another, on this machine.</summary>
public static class LocalSweep
{
    public static async Task<IReadOnlyList<SweepTaskOutcome>> RunAsync(string root, SweepPlan plan, IProgress<SweepTaskProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var outcomes = new List<SweepTaskOutcome>();
        for (var i = 0; i < plan.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (index, name) = (i, plan.Runs[i].Name);
            var relay = progress is null ? null : new ProgressRelay<TrainingProgress>(p => progress.Report(new SweepTaskProgress(index, plan.Count, name, Training: p)));
            var outcome = await SweepTask.RunAsync(root, plan, i, relay, cancellationToken);
            outcomes.Add(outcome);
            progress?.Report(new SweepTaskProgress(i, plan.Count, name, Finished: outcome));
        }
        return outcomes;
    }
}
