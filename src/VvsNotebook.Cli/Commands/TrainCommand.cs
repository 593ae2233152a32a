using System.CommandLine;
using VvsNotebook.Cli.Terminal;
using VvsNotebook.Manifests;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Loop;
using VvsNotebook.Workflow;

namespace VvsNotebook.Cli.Commands;

/// <summary><c>vvs train</c>: train one model on a class-balanced subset into a run directory (resumes if interrupted).</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var options = new TrainingRunOptions();
        var output = new Option<string?>("--run-dir") { Description = "Run directory (default: runs/<model>_<dataset>_d<d>_s<seed>)" };
        var command = new Command("train", "Train one model on a subsampled dataset; writes config, subsample, metrics, checkpoints and result.json.");
        options.AddTo(command);
        command.Options.Add(output);
        command.SetAction((parse, cancellationToken) => CliErrors.Run((async () =>
        {
            var config = options.Config(parse);
            var dir = parse.GetValue(output) ?? Path.Combine("runs", config.Name);
            var result = await Train(config, dir, parse.GetValue(options.DataDir), cancellationToken);
            Console.WriteLine(result);
            Console.WriteLine($"run directory: {Path.GetFullPath(dir)}");
            return 0;
        })));
        return command;
    }

    internal static Task<TrainingResult> Train(RunConfig config, string dir, string? dataDir, CancellationToken cancellationToken)
    {
        var resolver = DataResolver.FromEnvironment(dataDir);
        var trainer = new Trainer(train => FashionMnist.Load(train, resolver));
        return TerminalProgress.RunAsync(config.Name, line => trainer.RunAsync(config, dir, line.For(config.Name), cancellationToken));
    }
}
