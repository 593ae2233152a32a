using VvsNotebook.Data;
using VvsNotebook.Display;
using VvsNotebook.Metrics;
using VvsNotebook.Training.Sweeps.Slurm;

namespace VvsNotebook.Training.Sweeps;

/// <summary>Every task of a sweep with its state (run directory and Slurm), as <c>vvs sweep status</c> and <c>#!sweep status</c> show it.</summary>
public sealed record SweepReport(string Root, IReadOnlyList<SweepTaskStatus> Tasks, bool Scored) : IMimeRenderable
{
    public int Finished => Tasks.Count(t => t.Stage == RunStage.Scored || !Scored && t.Stage == RunStage.Trained);

    /// <summary>"not started", "training, 3 epochs done", "trained, not scored", "trained and scored".</summary>
    public static string Describe(RunStage stage, int? epoch) => stage switch
    {
        RunStage.NotStarted => "not started",
        RunStage.Training => epoch is > 0 ? $"training, {epoch} epochs done" : "training started",
        RunStage.Trained => "trained, not scored",
        _ => "trained and scored",
    };

    /// <summary>Slurm's view of the task: "slurm 12_3: RUNNING", with the reason when it waits; empty when never submitted.</summary>
    public static string SlurmText(SweepTaskStatus s) => s.JobId is null ? ""
        : $"slurm {s.JobId}_{s.Index}: {s.SlurmState ?? "no longer known to Slurm"}{(s.Reason is null or "None" ? "" : $" ({s.Reason})")}";

    public IReadOnlyDictionary<string, string> ToMimeBundle() => MetricTable.Bundle(
        $"Sweep {Root}: {Finished} of {Tasks.Count} tasks finished", ["task", "run", "state", "Slurm"],
        Tasks.Select(t => (IReadOnlyList<string>)[$"{t.Index}", t.Run, Describe(t.Stage, t.Epoch), SlurmText(t)]));
}

/// <summary>The finished tasks' rows (the paper's results-table columns) and the tasks that have none yet.</summary>
public sealed record SweepCollection(IReadOnlyList<ScoreRecord> Rows, IReadOnlyList<TaskDirectoryState> Missing, int Tasks) : IMimeRenderable
{
    /// <summary>Where the table was written, once it was.</summary>
    public string? Table { get; init; }

    public IReadOnlyDictionary<string, string> ToMimeBundle() => MetricTable.Bundle(
        $"{Rows.Count} rows from {Tasks - Missing.Count} of {Tasks} tasks" + (Missing.Count > 0 ? $"; missing: {string.Join(", ", Missing.Select(m => $"task {m.Index} ({SweepReport.Describe(m.Stage, m.Epoch)})"))}" : ""),
        ["model", "benchmark", "region", "score", "acc"],
        Rows.Select(r => (IReadOnlyList<string>)[r.ModelId, r.BenchmarkName, r.Region, MetricTable.Num(r.Score ?? double.NaN), MetricTable.Num(r.Acc ?? double.NaN)]));
}
