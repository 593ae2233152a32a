using System.CommandLine;
using System.Globalization;
using VvsNotebook.Cli.Terminal;
using VvsNotebook.Interactive.Magics;
using VvsNotebook.Manifests;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Models;

namespace VvsNotebook.Cli.Commands;

/// <summary><c>vvs sweep</c>: a grid of archs x widths x d x seeds, one run directory each, finished runs skipped.</summary>
public static class SweepCommand
{
    public static Command Create()
    {
        var archs = new Option<string[]>("--arch") { Description = "Architectures (repeat or comma-separate).", Required = true, AllowMultipleArgumentsPerToken = true };
        var widths = new Option<string[]>("--width") { Description = "Width multipliers.", DefaultValueFactory = _ => ["1"], AllowMultipleArgumentsPerToken = true };
        var samples = new Option<string[]>("--samples-per-class") { Description = "Values of d ('all' allowed).", DefaultValueFactory = _ => ["all"], AllowMultipleArgumentsPerToken = true };
        var seeds = new Option<string[]>("--seed") { Description = "Seeds.", DefaultValueFactory = _ => ["0"], AllowMultipleArgumentsPerToken = true };
        var root = new Option<string>("--out") { Description = "Folder of run directories.", DefaultValueFactory = _ => "runs" };
        var options = new TrainingRunOptions();
        var command = new Command("sweep", "Train a grid of models (archs x widths x samples-per-class x seeds); finished runs are skipped, interrupted ones resume.")
        { archs, widths, samples, seeds, root };
        options.AddTo(command, model: false);
        command.SetAction((parse, cancellationToken) => CliErrors.Run(() => TrainingErrors.Guard(async () =>
        {
            var recipe = options.Recipe(parse);
            var grid =
                from a in Split(parse.GetValue(archs)!)
                from w in Split(parse.GetValue(widths)!).Select(x => double.Parse(x, CultureInfo.InvariantCulture))
                from d in Split(parse.GetValue(samples)!).Select(TrainingRunOptions.ParseSamplesPerClass)
                from s in Split(parse.GetValue(seeds)!).Select(x => int.Parse(x, CultureInfo.InvariantCulture))
                select options.Config(parse, new ModelSpec(a, w), d, s, recipe);
            var resolver = DataResolver.FromEnvironment(parse.GetValue(options.DataDir));
            var sweep = new TrainingSweep(parse.GetValue(root)!, new Trainer(train => FashionMnist.Load(train, resolver)));
            var runs = await sweep.RunAsync(grid, new SweepReport(), cancellationToken);
            int trained = runs.Count(r => !r.Skipped), skipped = runs.Count(r => r.Skipped);
            Console.WriteLine($"sweep done: {trained} trained, {skipped} skipped, runs in {Path.GetFullPath(parse.GetValue(root)!)}");
            return 0;
        })));
        return command;
    }

    /// <summary>A progress bar per run while it trains, and one line when it ends or is skipped.</summary>
    private sealed class SweepReport : IProgress<SweepProgress>
    {
        private TrainingProgressBar? _bar;
        private int _barIndex;

        public void Report(SweepProgress p)
        {
            if (p.Training is { } t)
            {
                if (_bar is null || _barIndex != p.Index) (_bar, _barIndex) = (new TrainingProgressBar(p.Config.Name), p.Index);
                _bar.Report(t);
            }
            else if (p.Finished is { } run)
                Console.WriteLine(run.Skipped ? $"[{p.Index}/{p.Count}] {p.Config.Name}: finished, skipped" : $"[{p.Index}/{p.Count}] {run.Result}");
        }
    }

    private static IEnumerable<string> Split(IEnumerable<string> values) =>
        values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
