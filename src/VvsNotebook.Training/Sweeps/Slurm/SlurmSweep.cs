using System.Globalization;
using System.Text;
using VvsNotebook.Files;
using VvsNotebook.Training.Loop;

namespace VvsNotebook.Training.Sweeps.Slurm;

/// <summary>One submission of a sweep's tasks to Slurm: the array job and the task indices it runs.</summary>
public sealed record SlurmSubmission(string JobId, IReadOnlyList<int> Tasks, DateTimeOffset Submitted);

/// <summary>A task's state from both sides: its run directory and, when Slurm still knows its latest job, Slurm.</summary>
public sealed record SweepTaskStatus(int Index, string Run, RunStage Stage, int? Epoch, string? JobId, string? SlurmState, string? Reason);

/// <summary>
/// A sweep as one Slurm array job: task i of <c>sbatch --array</c> runs <c>vvs sweep task --index i</c>, which trains
/// and scores run i of the plan. The job script is written into the sweep folder (<c>slurm/sweep.sbatch</c>) so it can
/// be read and resubmitted by hand; each submission is recorded in <c>slurm/jobs.json</c>; task logs go to
/// <c>slurm/task-&lt;i&gt;.out</c>.
/// </summary>
public sealed class SlurmSweep(string root, SlurmClient? client = null)
{
    private readonly SlurmClient _client = client ?? new SlurmClient();

    public string Root { get; } = Path.GetFullPath(root);
    public string ScriptPath => Path.Combine(Root, "slurm", "sweep.sbatch");
    public string JobsPath => Path.Combine(Root, "slurm", "jobs.json");

    /// <summary>The log file of task <paramref name="index"/>.</summary>
    public string LogPath(int index) => Path.Combine(Root, "slurm", $"task-{index}.out");

    /// <summary>
    /// Writes the job script and submits <paramref name="tasks"/> (default: every task not yet trained and scored) as one
    /// array job; <paramref name="vvs"/> is the command line that starts this vvs on the cluster's nodes. Returns null
    /// when every task is finished (nothing to submit).
    /// </summary>
    public SlurmSubmission? Submit(SweepPlan plan, IReadOnlyList<string> vvs, SlurmOptions options, IReadOnlyList<int>? tasks = null)
    {
        options.Validate();
        var todo = (tasks ?? SweepState.Unfinished(Root, plan)).Distinct().Order().ToList();
        foreach (var t in todo) plan.Task(t);
        if (todo.Count == 0) return null;
        Directory.CreateDirectory(Path.GetDirectoryName(ScriptPath)!);
        AtomicFile.WriteAllText(ScriptPath, Script(vvs, options));
        var array = SlurmClient.CompressRange(todo) + (options.MaxConcurrent is { } m ? $"%{m}" : "");
        var job = _client.Submit(ScriptPath, array);
        var submission = new SlurmSubmission(job, todo, DateTimeOffset.UtcNow);
        RunFiles.WriteJson(JobsPath, Submissions().Append(submission).ToList());
        return submission;
    }

    /// <summary>Every submission so far, oldest first.</summary>
    public IReadOnlyList<SlurmSubmission> Submissions() =>
        File.Exists(JobsPath) ? RunFiles.ReadJson<List<SlurmSubmission>>(JobsPath) : [];

    /// <summary>
    /// Each task's state: from its run directory, and from Slurm for the latest submission that included it (when
    /// Slurm still knows that job). Without Slurm on PATH, the directories alone.
    /// </summary>
    public IReadOnlyList<SweepTaskStatus> Status(SweepPlan plan, bool askSlurm = true)
    {
        var submissions = Submissions();
        var latest = new Dictionary<int, string>();
        foreach (var s in submissions) foreach (var t in s.Tasks) latest[t] = s.JobId;
        var slurm = askSlurm && latest.Count > 0
            ? _client.Tasks(latest.Values.Distinct()).GroupBy(s => (s.JobId, s.ArrayIndex)).ToDictionary(g => g.Key, g => g.Last())
            : [];
        return SweepState.Read(Root, plan).Select(d =>
        {
            var job = latest.GetValueOrDefault(d.Index);
            var s = job is null ? null : slurm.GetValueOrDefault((job, d.Index));
            return new SweepTaskStatus(d.Index, d.Run, d.Stage, d.Epoch, job, s?.State, s?.Reason);
        }).ToList();
    }

    /// <summary>The script: the resources as #SBATCH lines, one log per task, and the task's vvs command.</summary>
    public string Script(IReadOnlyList<string> vvs, SlurmOptions options)
    {
        var text = new StringBuilder();
        text.Append("#!/bin/bash\n");
        text.Append("# Written by vvs sweep --executor slurm. Task i trains and scores run i of sweep.json in the folder above;\n");
        text.Append("# a task whose run is finished does nothing, a killed one resumes from its last checkpoint. Resubmit by hand with\n");
        text.Append($"#   sbatch --array=0-N {Quote(ScriptPath)}   (or: vvs sweep resume --runs-dir {Quote(Root)})\n");
        text.Append("#SBATCH --job-name=vvs-sweep\n");
        text.Append($"#SBATCH --output={Path.Combine(Root, "slurm", "task-%a.out")}\n");
        // A preempted task is requeued by Slurm and resumes from its checkpoint.
        text.Append("#SBATCH --requeue\n");
        foreach (var d in options.Directives()) text.Append($"#SBATCH {d}\n");
        text.Append("set -euo pipefail\n");
        text.Append($"exec {string.Join(' ', vvs.Select(Quote))} sweep task --runs-dir {Quote(Root)} --index \"$SLURM_ARRAY_TASK_ID\"\n");
        return text.ToString();
    }

    /// <summary><paramref name="s"/> as one word of a bash command line.</summary>
    public static string Quote(string s) => s.Length > 0 && s.All(c => char.IsLetterOrDigit(c) || "/._-+=:,@".Contains(c)) ? s : "'" + s.Replace("'", "'\\''") + "'";
}
