using System.CommandLine;
using System.Globalization;
using VvsNotebook.Cli.Terminal;
using VvsNotebook.Manifests;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Models;

namespace VvsNotebook.Cli.Commands;

/// <summary><c>vvs train</c>: train one model on a class-balanced subset into a run directory (resumes if interrupted).</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var arch = new Option<string>("--arch") { Description = $"Architecture: {string.Join(", ", ModelZoo.Architectures)}.", Required = true };
        var width = new Option<double>("--width") { Description = "Width multiplier (1/16 to 4).", DefaultValueFactory = _ => 1.0 };
        var depth = new Option<int?>("--depth") { Description = "Depth for 'resnet' (10..152) or 'vit' (blocks)." };
        var samples = new Option<string>("--samples-per-class") { Description = "d images per class, or 'all'.", DefaultValueFactory = _ => "all" };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--out") { Description = "Run directory (default: runs/<model>_<dataset>_d<d>_s<seed>)." };
        var options = new TrainingOptions();
        var command = new Command("train", "Train one model on a subsampled dataset; writes config, subsample, metrics, checkpoints and result.json.")
        { arch, width, depth, samples, seed, output };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliErrors.Run(() => TrainingOptions.Guard(async () =>
        {
            var config = new RunConfig
            {
                Model = new ModelSpec(parse.GetValue(arch)!, parse.GetValue(width), parse.GetValue(depth)),
                Dataset = parse.GetValue(options.Dataset)!,
                SamplesPerClass = TrainingOptions.ParseSamplesPerClass(parse.GetValue(samples)!),
                Seed = parse.GetValue(seed),
                Recipe = options.Recipe(parse),
                Threads = parse.GetValue(options.Threads),
                ValidationImages = parse.GetValue(options.ValidationImages),
            }.Validate();
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
        return trainer.RunAsync(config, dir, new TrainingProgressBar(config.Name), cancellationToken);
    }
}
