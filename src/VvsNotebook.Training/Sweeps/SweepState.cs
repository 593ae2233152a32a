using VvsNotebook.Data;
using VvsNotebook.Training.Loop;

namespace VvsNotebook.Training.Sweeps;

/// <summary>Where a task's run directory is: nothing yet, checkpointed mid-training, trained, or trained and scored.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<RunStage>))]
public enum RunStage
{
    [System.Text.Json.Serialization.JsonStringEnumMemberName("not_started")] NotStarted,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("training")] Training,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("trained")] Trained,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("scored")] Scored,
}

/// <summary>One task as its run directory shows it (<see cref="Epoch"/>: epochs checkpointed while training).</summary>
public sealed record TaskDirectoryState(int Index, string Run, RunStage Stage, int? Epoch);

/// <summary>Reads the state of every task from the sweep's run directories, and collects the finished tasks' rows.</summary>
public static class SweepState
{
    public static IReadOnlyList<TaskDirectoryState> Read(string root, SweepPlan plan)
    {
        var scoreFile = plan.Scoring?.Scorer().FileName;
        return Enumerable.Range(0, plan.Count).Select(i =>
        {
            var dir = plan.RunDirectory(root, i);
            var name = plan.Runs[i].Name;
            if (File.Exists(Path.Combine(dir, "result.json")))
                return new TaskDirectoryState(i, name, scoreFile is null || File.Exists(Path.Combine(dir, scoreFile)) ? RunStage.Scored : RunStage.Trained, null);
            var metrics = Path.Combine(dir, "metrics.jsonl");
            if (File.Exists(metrics))
                return new TaskDirectoryState(i, name, RunStage.Training, File.ReadLines(metrics).Count(l => l.Length > 0));
            return new TaskDirectoryState(i, name, Directory.Exists(dir) ? RunStage.Training : RunStage.NotStarted, Directory.Exists(dir) ? 0 : null);
        }).ToList();
    }

    /// <summary>The indices of tasks whose run is not yet trained and scored.</summary>
    public static IReadOnlyList<int> Unfinished(string root, SweepPlan plan) =>
        Read(root, plan).Where(s => s.Stage != RunStage.Scored).Select(s => s.Index).ToList();

    /// <summary>Every finished task's rows, in task order, and the tasks that have none yet.</summary>
    public static SweepCollection Collect(string root, SweepPlan plan)
    {
        if (plan.Scoring is null) throw new InvalidOperationException("This sweep was planned with --score none: there are no scores to collect.");
        var scorer = plan.Scoring.Scorer();
        var rows = new List<ScoreRecord>();
        var missing = new List<TaskDirectoryState>();
        foreach (var state in Read(root, plan))
        {
            if (state.Stage == RunStage.Scored) rows.AddRange(ScoreTable.Read(Path.Combine(plan.RunDirectory(root, state.Index), scorer.FileName)));
            else missing.Add(state);
        }
        return new SweepCollection(rows, missing, plan.Count);
    }
}
