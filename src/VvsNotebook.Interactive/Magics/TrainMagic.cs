using System.CommandLine;
using System.Globalization;
using VvsNotebook.Interactive.Formatting;
using VvsNotebook.Manifests;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Models;

namespace VvsNotebook.Interactive.Magics;

/// <summary>
/// <c>#!train --arch resnet18 --samples-per-class 10 --out run</c>: trains one model on a class-balanced Fashion-MNIST
/// subset with the paper's recipe (overridable), showing live loss/accuracy curves; stops at the next batch when the
/// kernel is interrupted (the run directory keeps its checkpoints, so the same magic resumes). A run that already
/// finished with the same configuration is loaded instead of retrained.
/// </summary>
public sealed class TrainMagic : MagicCommand
{
    private readonly Option<string> _arch = new("--arch") { Description = "Architecture", Required = true };
    private readonly Option<double> _width = new("--width") { Description = "Width multiplier (1/16 to 4)", DefaultValueFactory = _ => 1.0 };
    private readonly Option<int?> _depth = new("--depth") { Description = "Depth for 'resnet' (10..152) or 'vit' (blocks)" };
    private readonly Option<string> _samples = new("--samples-per-class") { Description = "d images per class, or 'all'", DefaultValueFactory = _ => "all" };
    private readonly Option<int> _seed = new("--seed") { Description = "Subsample and initialisation seed", DefaultValueFactory = _ => 0 };
    private readonly Option<int> _epochs = new("--epochs") { Description = "Epochs (the paper: 100)", DefaultValueFactory = _ => TrainingRecipe.Paper.Epochs };
    private readonly Option<int> _batchSize = new("--batch-size") { Description = "Mini-batch size (the paper: 512)", DefaultValueFactory = _ => TrainingRecipe.Paper.BatchSize };
    private readonly Option<double> _lr = new("--lr") { Description = "Peak learning rate (the paper: 0.1)", DefaultValueFactory = _ => TrainingRecipe.Paper.PeakLearningRate };
    private readonly Option<string> _optimizer = new("--optimizer") { Description = "sgd or adamw", DefaultValueFactory = _ => "sgd" };
    private readonly Option<bool> _noAugment = new("--no-augment") { Description = "Skip random resized crop and flip" };
    private readonly Option<int> _threads = new("--threads") { Description = "libtorch threads", DefaultValueFactory = _ => Environment.ProcessorCount };
    private readonly Option<int?> _validation = new("--validation-images") { Description = "Validate on the first N test images (default: all)" };
    private readonly Option<string?> _runDir = new("--run-dir") { Description = "Run directory (default: runs/<model>_<dataset>_d<d>_s<seed>)" };
    private readonly Option<string?> _dataDir = DataDirOption();

    public TrainMagic() : base("#!train", "Train a model on a subsampled dataset with live loss/accuracy curves")
    {
        _arch.AcceptOnlyFromAmong([.. ModelZoo.Architectures]);
        _optimizer.AcceptOnlyFromAmong("sgd", "adamw");
        foreach (var option in new Option[] { _arch, _width, _depth, _samples, _seed, _epochs, _batchSize, _lr, _optimizer, _noAugment, _threads, _validation, _runDir, _dataDir })
            Command.Add(option);
    }

    public override async Task<object?> RunAsync(ParseResult parse, IMagicContext context)
    {
        var epochs = parse.GetValue(_epochs);
        var config = new RunConfig
        {
            Model = new ModelSpec(parse.GetValue(_arch)!, parse.GetValue(_width), parse.GetValue(_depth)),
            SamplesPerClass = SamplesPerClass(parse.GetValue(_samples)!),
            Seed = parse.GetValue(_seed),
            Recipe = new TrainingRecipe
            {
                Epochs = epochs,
                BatchSize = parse.GetValue(_batchSize),
                PeakLearningRate = parse.GetValue(_lr),
                WarmupEpochs = 0.05 * epochs,
                Optimizer = parse.GetValue(_optimizer)!,
                Augment = !parse.GetValue(_noAugment),
            }.Validate(),
            Threads = parse.GetValue(_threads),
            ValidationImages = parse.GetValue(_validation),
        }.Validate();
        var directory = parse.GetValue(_runDir) ?? Path.Combine("runs", config.Name);
        var resultPath = Path.Combine(directory, "result.json");
        if (File.Exists(resultPath) && RunDirectory.ReadConfig(directory) == config)
        {
            context.Display($"{config.Name}: already trained in {Path.GetFullPath(directory)}; loaded its result.");
            return RunFiles.ReadJson<TrainingResult>(resultPath);
        }

        var curve = new TrainingCurve(config.Name, []);
        var live = context.Display(curve);
        var lastStep = 0;
        var progress = new ThrottledProgress<TrainingProgress>(p =>
        {
            lastStep = p.Epoch * p.BatchesPerEpoch + p.Batch;
            curve = curve.With(new TrainingCurve.Point(lastStep, p.Epoch, p.Epochs, p.Loss, p.Accuracy, p.ImagesPerSecond));
            live.Update(curve);
        }, intervalMs: 250);
        var resolver = DataResolver.FromEnvironment(parse.GetValue(_dataDir));
        var trainer = new Trainer(train => FashionMnist.Load(train, resolver));
        return await Task.Run(() => trainer.RunAsync(config, directory, progress, context.CancellationToken), context.CancellationToken);
    }

    private static int? SamplesPerClass(string text) =>
        text.Equals("all", StringComparison.OrdinalIgnoreCase) || text == "0" ? null
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var d) && d > 0 ? d
        : throw new MagicException($"#!train: --samples-per-class must be a positive integer or 'all'. Got '{text}'.");
}
