using VvsNotebook.Data;
using VvsNotebook.Display;
using VvsNotebook.Training.Sweeps.Slurm;

namespace VvsNotebook.Training.Sweeps;

/// <summary>What starting or resuming a sweep did: the tasks run here, or the Slurm submission, and the state after.</summary>
public sealed record SweepOutcome(SweepReport Report, IReadOnlyList<SweepTaskOutcome> Local, SlurmSubmission? Submission) : IMimeRenderable
{
    public IReadOnlyDictionary<string, string> ToMimeBundle() => Report.ToMimeBundle();
}

/// <summary>Some tasks have no scores yet, so no table was written (unless asked to write the finished ones).</summary>
public sealed class SweepIncompleteException(string message) : Exception(message);

/// <summary>
/// The sweep's use cases, host-neutral: start (write the plan, then run here or submit to Slurm), resume, status and
/// collect. <c>vvs sweep</c> and <c>#!sweep</c> both call these and only print or display the records.
/// </summary>
public static class SweepWorkflow
{
    /// <summary>Writes the plan into <paramref name="root"/> (or checks it is the same sweep), then runs or submits its unfinished tasks.</summary>
    public static Task<SweepOutcome> StartAsync(string root, SweepPlan plan, SlurmOptions? slurm, Func<IReadOnlyList<string>> vvs,
        IProgress<SweepTaskProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        plan.SaveTo(root);
        return RunAsync(root, plan, slurm, vvs, progress, cancellationToken);
    }

    /// <summary>Runs (or resubmits) the sweep's unfinished tasks; each resumes from its last checkpoint.</summary>
    public static Task<SweepOutcome> ResumeAsync(string root, SlurmOptions? slurm, Func<IReadOnlyList<string>> vvs,
        IProgress<SweepTaskProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(root, SweepPlan.Load(root), slurm, vvs, progress, cancellationToken);

    /// <summary>Every task's state; Slurm is asked only when the sweep was ever submitted to it.</summary>
    public static SweepReport Status(string root)
    {
        var plan = SweepPlan.Load(root);
        var sweep = new SlurmSweep(root);
        return new SweepReport(sweep.Root, sweep.Status(plan, askSlurm: sweep.Submissions().Count > 0), plan.Scoring is not null);
    }

    /// <summary>
    /// Writes the finished tasks' rows to <paramref name="table"/> (default: results.csv in the sweep) and returns them;
    /// with tasks missing, throws <see cref="SweepIncompleteException"/> naming them and writes nothing, unless
    /// <paramref name="allowMissing"/>.
    /// </summary>
    public static SweepCollection Collect(string root, string? table = null, bool allowMissing = false)
    {
        var plan = SweepPlan.Load(root);
        var path = Path.GetFullPath(table ?? Path.Combine(root, "results.csv"));
        if (Path.GetDirectoryName(path) is { } folder && !Directory.Exists(folder))
            throw new DirectoryNotFoundException($"The folder of the table {path} does not exist.");
        var collection = SweepState.Collect(root, plan);
        if (collection.Missing.Count > 0 && !allowMissing)
        {
            var sweep = new SlurmSweep(root);
            throw new SweepIncompleteException($"{collection.Missing.Count} of {plan.Count} tasks have no scores yet, so no table was written:\n" +
                string.Join("\n", collection.Missing.Select(m => $"  missing: task {m.Index} ({m.Run}): {SweepReport.Describe(m.Stage, m.Epoch)}" +
                    (File.Exists(sweep.LogPath(m.Index)) ? $"; its log: {sweep.LogPath(m.Index)}" : ""))) +
                "\nRun `vvs sweep resume` for them, or pass --allow-missing for a table of the finished ones.");
        }
        ScoreTable.Write(path, collection.Rows);
        return collection with { Table = path };
    }

    private static async Task<SweepOutcome> RunAsync(string root, SweepPlan plan, SlurmOptions? slurm, Func<IReadOnlyList<string>> vvs,
        IProgress<SweepTaskProgress>? progress, CancellationToken cancellationToken)
    {
        if (slurm is null)
        {
            var local = await LocalSweep.RunAsync(root, plan, progress, cancellationToken);
            return new SweepOutcome(Status(root), local, null);
        }
        var submission = new SlurmSweep(root).Submit(plan, vvs(), slurm);
        return new SweepOutcome(Status(root), [], submission);
    }
}
