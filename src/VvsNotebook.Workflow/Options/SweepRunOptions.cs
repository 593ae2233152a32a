using System.CommandLine;
using System.Globalization;
using VvsNotebook.Training.Models;
using VvsNotebook.Training.Sweeps;
using VvsNotebook.Training.Sweeps.Slurm;

namespace VvsNotebook.Workflow;

/// <summary>
/// The options of a sweep, shared by <c>vvs sweep</c> and <c>#!sweep</c>: the grid (archs x widths x d x seeds), the
/// recipe (<see cref="TrainingRunOptions"/>), how each run is scored, the sweep's folder, the executor and the Slurm
/// resources. <see cref="Plan"/> checks them all before anything is written.
/// </summary>
public sealed class SweepRunOptions
{
    public Option<string[]> Archs { get; } = new("--arch") { Description = "Architectures (repeat or comma-separate)", Required = true, AllowMultipleArgumentsPerToken = true };
    public Option<string[]> Widths { get; } = new("--width") { Description = "Width multipliers", DefaultValueFactory = _ => ["1"], AllowMultipleArgumentsPerToken = true };
    public Option<string[]> SamplesPerClass { get; } = new("--samples-per-class") { Description = "Values of d ('all' allowed)", DefaultValueFactory = _ => ["all"], AllowMultipleArgumentsPerToken = true };
    public Option<string[]> Seeds { get; } = new("--seed") { Description = "Seeds", DefaultValueFactory = _ => ["0"], AllowMultipleArgumentsPerToken = true };
    public Option<string> RunsDir { get; } = RunsDirOption();
    public Option<string> Score { get; } = new("--score") { Description = "Score each trained run: offline (the offline benchmark suite) or none", DefaultValueFactory = _ => "offline" };
    public Option<int> ImagesPerClass { get; } = new Option<int>("--images-per-class") { Description = "Offline suite: Fashion-MNIST images per class", DefaultValueFactory = _ => 30 }.AtLeast(1);
    public Option<string?> Layers { get; } = new("--layers") { Description = "Comma-separated candidate layers to score (default: all)" };
    public Option<string?> ReadoutLayer { get; } = new("--readout-layer") { Description = "Behavioural readout layer (default: last candidate)" };
    public Option<string> Executor { get; } = ExecutorOption();
    public TrainingRunOptions Training { get; } = new();
    public SlurmRunOptions Slurm { get; } = new();

    public SweepRunOptions()
    {
        Score.AcceptOnlyFromAmong("offline", "none");
        Archs.CompletionSources.Add([.. ModelZoo.Architectures]);
    }

    /// <summary>The sweep's folder: its plan (sweep.json) and one run directory per task.</summary>
    public static Option<string> RunsDirOption() => new("--runs-dir") { Description = "The sweep's folder: its plan (sweep.json) and one run directory per task", DefaultValueFactory = _ => "runs" };

    /// <summary>local (one task after another here) or slurm (one sbatch array job).</summary>
    public static Option<string> ExecutorOption()
    {
        var executor = new Option<string>("--executor") { Description = "local (one task after another here) or slurm (one sbatch array job)", DefaultValueFactory = _ => "local" };
        executor.AcceptOnlyFromAmong("local", "slurm");
        return executor;
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Archs, Widths, SamplesPerClass, Seeds, RunsDir, Score, ImagesPerClass, Layers, ReadoutLayer, Executor })
            command.Options.Add(option);
        Training.AddTo(command, model: false);
        Slurm.AddTo(command);
    }

    /// <summary>The plan the options describe; invalid values throw <see cref="ArgumentException"/> naming the option.</summary>
    public SweepPlan Plan(ParseResult parse)
    {
        var recipe = Training.Recipe(parse);
        var grid =
            from a in Split(parse.GetValue(Archs)!)
            from w in Split(parse.GetValue(Widths)!).Select(x => Number(x, "--width"))
            from d in Split(parse.GetValue(SamplesPerClass)!).Select(TrainingRunOptions.ParseSamplesPerClass)
            from s in Split(parse.GetValue(Seeds)!).Select(x => int.TryParse(x, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) && seed >= 0 ? seed
                : throw new ArgumentException($"--seed: '{x}' is not a seed (a whole number, 0 or more)."))
            select Training.Config(parse, TrainingRunOptions.FashionMnistSpec(a, w), d, s, recipe);
        var scoring = parse.GetValue(Score) == "none" ? null : new SweepScoring(parse.GetValue(ImagesPerClass),
            parse.GetValue(Layers)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), parse.GetValue(ReadoutLayer));
        return new SweepPlan(grid.ToList(), scoring, parse.GetValue(Training.DataDir) is { } data ? Path.GetFullPath(data) : null).Validate();
    }

    /// <summary>The Slurm resources with <c>--executor slurm</c>, else null (checked either way).</summary>
    public SlurmOptions? SlurmOptions(ParseResult parse)
    {
        var options = Slurm.Options(parse);
        return parse.GetValue(Executor) == "slurm" ? options : null;
    }

    private static double Number(string text, string option) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
        : throw new ArgumentException($"{option}: '{text}' is not a number.");

    private static IEnumerable<string> Split(IEnumerable<string> values) =>
        values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
