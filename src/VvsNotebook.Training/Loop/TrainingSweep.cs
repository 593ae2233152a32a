using VvsNotebook.Progress;
using VvsNotebook.Training.Models;

namespace VvsNotebook.Training.Loop;

/// <summary>One run of a sweep: its config, directory and result; <see cref="Skipped"/> when it had finished before.</summary>
public sealed record SweepRun(RunConfig Config, string Directory, TrainingResult Result, bool Skipped);

/// <summary>
/// Reported while a sweep runs: run <see cref="Index"/> (1-based) of <see cref="Count"/>, with either its training
/// progress (<see cref="Training"/>) or, once it is done or skipped, its outcome (<see cref="Finished"/>).
/// </summary>
public sealed record SweepProgress(int Index, int Count, RunConfig Config, TrainingProgress? Training = null, SweepRun? Finished = null)
    : RunListProgress(Index, Count, Config.Name, Training)
{
    protected override TrainingResult? TrainedResult => Finished is { Skipped: false } f ? f.Result : null;
}

/// <summary>
/// Trains a list of runs one after another into <c>root/&lt;run name&gt;</c>, as <c>vvs sweep</c> does: a finished run
/// (result.json present, same config) is read back instead of retrained, an interrupted one resumes from its last
/// checkpoint, and a finished run that holds a different config is an error rather than a silently reused result.
/// </summary>
public sealed class TrainingSweep(string root, Trainer? trainer = null)
{
    private readonly Trainer _trainer = trainer ?? new Trainer();

    /// <summary>The folder that holds the run directories.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Where <paramref name="config"/>'s run lives.</summary>
    public string DirectoryOf(RunConfig config) => Path.Combine(Root, config.Name);

    /// <summary>
    /// Every combination of <paramref name="models"/> x <paramref name="samplesPerClass"/> (null: all images) x
    /// <paramref name="seeds"/>, in that nesting order, each a copy of <paramref name="template"/> (recipe, threads,
    /// validation images).
    /// </summary>
    public static IReadOnlyList<RunConfig> Grid(RunConfig template, IEnumerable<ModelSpec> models, IEnumerable<int?> samplesPerClass, IEnumerable<int> seeds)
    {
        var d = samplesPerClass.ToArray();
        var s = seeds.ToArray();
        return (from m in models from n in d from seed in s
                select (template with { Model = m, SamplesPerClass = n, Seed = seed }).Validate()).ToArray();
    }

    /// <summary>Trains (or reads back) every run of <paramref name="configs"/>, in order.</summary>
    public async Task<IReadOnlyList<SweepRun>> RunAsync(IEnumerable<RunConfig> configs, IProgress<SweepProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var list = configs.ToArray();
        // Two configs with one name would share a directory: the second would be refused, or worse, skipped.
        var clash = list.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new ArgumentException($"The sweep lists run {clash.Key} {clash.Count()} times; run names (model, dataset, d, seed) must be unique.", nameof(configs));
        var runs = new List<SweepRun>(list.Length);
        for (var i = 0; i < list.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var config = list[i].Validate();
            var dir = DirectoryOf(config);
            var index = i + 1;
            var relay = progress is null ? null : new ProgressRelay<TrainingProgress>(p => progress.Report(new SweepProgress(index, list.Length, config, Training: p)));
            var (result, trained) = await TrainOrReadAsync(_trainer, config, dir, relay, cancellationToken);
            var run = new SweepRun(config, dir, result, Skipped: !trained);
            runs.Add(run);
            progress?.Report(new SweepProgress(i + 1, list.Length, config, Finished: run));
        }
        return runs;
    }

    /// <summary>
    /// The finished run in <paramref name="dir"/> read back (trained: false), or <paramref name="config"/> trained there
    /// (resuming from its last checkpoint); a finished run of another config is an error, never a silently reused result.
    /// </summary>
    public static async Task<(TrainingResult Result, bool Trained)> TrainOrReadAsync(Trainer trainer, RunConfig config, string dir,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(dir, "result.json")))
        {
            if (!RunDirectory.HoldsConfig(dir, config))
                throw new InvalidOperationException($"{dir} holds a finished run with a different config (config.json differs, e.g. other epochs " +
                    "or recipe); use another sweep folder or delete that run.");
            return (RunFiles.ReadJson<TrainingResult>(Path.Combine(dir, "result.json")), false);
        }
        return (await trainer.RunAsync(config, dir, progress, cancellationToken), true);
    }
}
