using VvsNotebook.Files;
using VvsNotebook.Training.Loop;

namespace VvsNotebook.Training.Sweeps;

/// <summary>
/// What a sweep does, written once into its folder as <see cref="FileName"/>: the runs in task order (task i is
/// <c>Runs[i]</c>), how each is scored after training, and the data folder. Every executor (local, Slurm array task,
/// a resubmission) reads the same plan, so task i means the same run everywhere.
/// </summary>
public sealed record SweepPlan(IReadOnlyList<RunConfig> Runs, SweepScoring? Scoring, string? DataDir)
{
    public const string FileName = "sweep.json";

    public int Count => Runs.Count;

    /// <summary>Checks the runs (and that no two share a directory) and the scoring.</summary>
    public SweepPlan Validate()
    {
        if (Runs.Count == 0) throw new ArgumentException("The sweep has no runs: give at least one --arch, --width, --samples-per-class and --seed.");
        foreach (var run in Runs) run.Validate();
        var clash = Runs.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new ArgumentException($"The sweep lists run {clash.Key} {clash.Count()} times; run names (model, dataset, d, seed) must be unique.");
        Scoring?.Validate();
        return this;
    }

    /// <summary>The folder of task <paramref name="index"/>'s run under <paramref name="root"/>.</summary>
    public string RunDirectory(string root, int index) => Path.Combine(Path.GetFullPath(root), Runs[index].Name);

    /// <summary>
    /// Writes the plan into <paramref name="root"/>, or checks that the plan already there is this one: a folder
    /// holds one sweep, so a second, different grid is refused instead of mixing two tables.
    /// </summary>
    public void SaveTo(string root)
    {
        Validate();
        Directory.CreateDirectory(root);
        var path = Path.Combine(root, FileName);
        var text = System.Text.Json.JsonSerializer.Serialize(this, RunFiles.Json);
        if (File.Exists(path))
        {
            if (File.ReadAllText(path).TrimEnd() == text) return;
            throw new InvalidOperationException($"{root} holds another sweep ({FileName} differs: other runs, scoring or data folder); " +
                "use another --runs-dir, or resume that sweep with `vvs sweep resume`.");
        }
        AtomicFile.WriteAllText(path, text + "\n");
    }

    /// <summary>The plan in <paramref name="root"/>; an error naming the folder when there is none.</summary>
    public static SweepPlan Load(string root)
    {
        var path = Path.Combine(root, FileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{Path.GetFullPath(root)} holds no sweep ({FileName} is missing): start one with `vvs sweep --runs-dir {root} ...`.", path);
        return RunFiles.ReadJson<SweepPlan>(path).Validate();
    }

    /// <summary>Task <paramref name="index"/>, or an error naming the valid range.</summary>
    public RunConfig Task(int index) => index >= 0 && index < Runs.Count ? Runs[index]
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"The sweep has tasks 0 to {Runs.Count - 1}; there is no task {index}.");
}
