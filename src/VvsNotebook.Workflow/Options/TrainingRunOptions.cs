using System.CommandLine;
using System.Globalization;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Models;

namespace VvsNotebook.Workflow;

/// <summary>
/// The options that describe a training run (<see cref="RunConfig"/>): the model, the subsample, the paper's recipe
/// (each part overridable), libtorch threads, validation, device and precision, and the data folder. <c>#!train</c>,
/// <c>vvs train</c> and <c>vvs sweep</c> all take them from here, so the notebook and the command line accept the same
/// flags with the same defaults.
/// </summary>
public sealed class TrainingRunOptions
{
    public Option<string> Arch { get; } = new("--arch") { Description = "Architecture", Required = true };
    public Option<double> Width { get; } = new Option<double>("--width") { Description = "Width multiplier, 1/64 (0.015625) to 16; the tested range is 1/16 to 4", DefaultValueFactory = _ => 1.0 }.Between(ModelSpec.MinWidth, ModelSpec.MaxWidth);
    public Option<int?> Depth { get; } = new("--depth") { Description = "Depth for 'resnet' (10..152) or 'vit' (blocks)" };
    public Option<string> SamplesPerClass { get; } = new("--samples-per-class") { Description = "d images per class, or 'all'", DefaultValueFactory = _ => "all" };
    public Option<int> Seed { get; } = SharedOptions.Seed("Subsample and initialisation seed", 0);

    public Option<string> Dataset { get; } = new("--dataset") { Description = "Training set", DefaultValueFactory = _ => "fashion-mnist" };
    public Option<int> Epochs { get; } = new("--epochs") { Description = "Epochs (the paper: 100)", DefaultValueFactory = _ => TrainingRecipe.Paper.Epochs };
    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Mini-batch size (the paper: 512)", DefaultValueFactory = _ => TrainingRecipe.Paper.BatchSize };
    public Option<double> LearningRate { get; } = new("--lr") { Description = "Peak learning rate (the paper: 0.1)", DefaultValueFactory = _ => TrainingRecipe.Paper.PeakLearningRate };
    public Option<double?> WarmupEpochs { get; } = new("--warmup-epochs") { Description = "Linear warm-up epochs (default: 5% of the epochs, the paper's 5 of 100)" };
    public Option<double> Momentum { get; } = new("--momentum") { Description = "SGD momentum (the paper: 0.9)", DefaultValueFactory = _ => TrainingRecipe.Paper.Momentum };
    public Option<double> WeightDecay { get; } = new("--weight-decay") { Description = "Weight decay (the paper: 1e-4)", DefaultValueFactory = _ => TrainingRecipe.Paper.WeightDecay };
    public Option<string> Optimizer { get; } = new("--optimizer") { Description = "sgd or adamw", DefaultValueFactory = _ => "sgd" };
    public Option<bool> NoAugment { get; } = new("--no-augment") { Description = "Skip random resized crop and flip" };
    public Option<int> Threads { get; } = new Option<int>("--threads") { Description = "libtorch threads (results are reproducible for a fixed count)", DefaultValueFactory = _ => Environment.ProcessorCount }.AtLeast(1);
    public Option<int?> ValidationImages { get; } = new("--validation-images") { Description = "Validate on the first N test images (default: all)" };
    // Checked in Config (RunConfig.Validate), not by the parser, so a bad value exits 2 with one line saying what to do.
    public Option<string> Device { get; } = new("--device") { Description = "cpu, or cuda (cuda:N) in a CUDA build on a machine with a GPU", HelpName = "cpu|cuda", DefaultValueFactory = _ => "cpu" };
    public Option<string> Precision { get; } = new("--precision")
    {
        Description = "fp32; bf16 (fp32 master weights; a GPU or a CPU with AVX-512 BF16/AMX); fp16 (GPU only, dynamic loss scale)",
        HelpName = "fp32|bf16|fp16", DefaultValueFactory = _ => Training.Loop.Precision.Fp32,
    };
    public Option<string?> DataDir { get; } = SharedOptions.DataDir();

    public TrainingRunOptions()
    {
        Arch.AcceptOnlyFromAmong([.. ModelZoo.Architectures]);
        Optimizer.AcceptOnlyFromAmong("sgd", "adamw");
        Device.CompletionSources.Add("cpu", "cuda");
        Precision.CompletionSources.Add([.. Training.Loop.Precision.Names]);
    }

    /// <summary>Adds the options to <paramref name="command"/>; without <paramref name="model"/>, only what is shared by every run of a grid.</summary>
    public void AddTo(Command command, bool model = true)
    {
        Option[] modelOptions = [Arch, Width, Depth, SamplesPerClass, Seed];
        Option[] shared = [Dataset, Epochs, BatchSize, LearningRate, WarmupEpochs, Momentum, WeightDecay, Optimizer, NoAugment, Threads, ValidationImages, Device, Precision, DataDir];
        foreach (var option in model ? [.. modelOptions, .. shared] : shared) command.Options.Add(option);
    }

    /// <summary>The recipe the options give; invalid values throw <see cref="ArgumentException"/> naming the option.</summary>
    public TrainingRecipe Recipe(ParseResult parse)
    {
        var epochs = parse.GetValue(Epochs);
        return new TrainingRecipe
        {
            Epochs = epochs,
            BatchSize = parse.GetValue(BatchSize),
            PeakLearningRate = parse.GetValue(LearningRate),
            WarmupEpochs = parse.GetValue(WarmupEpochs) ?? 0.05 * epochs,
            Momentum = parse.GetValue(Momentum),
            WeightDecay = parse.GetValue(WeightDecay),
            Optimizer = parse.GetValue(Optimizer)!,
            Augment = !parse.GetValue(NoAugment),
        }.Validate();
    }

    /// <summary>The run the options describe (with the model options added).</summary>
    /// <summary>A zoo model shaped for Fashion-MNIST (28x28 grey, 10 classes), so a run's config.json says what it trains.</summary>
    public static ModelSpec FashionMnistSpec(string arch, double width, int? depth = null) =>
        new(arch, width, depth, InputShape.FashionMnist, Training.Data.FashionMnist.Classes.Count);

    public RunConfig Config(ParseResult parse) => Config(parse,
        FashionMnistSpec(parse.GetValue(Arch)!, parse.GetValue(Width), parse.GetValue(Depth)),
        ParseSamplesPerClass(parse.GetValue(SamplesPerClass)!), parse.GetValue(Seed), Recipe(parse));

    /// <summary>One run of a grid: <paramref name="model"/>, d and seed from the grid, the rest from the options.</summary>
    public RunConfig Config(ParseResult parse, ModelSpec model, int? samplesPerClass, int seed, TrainingRecipe recipe) => new RunConfig
    {
        Model = model,
        Dataset = parse.GetValue(Dataset)!,
        SamplesPerClass = samplesPerClass,
        Seed = seed,
        Recipe = recipe,
        Threads = parse.GetValue(Threads),
        ValidationImages = parse.GetValue(ValidationImages),
        Device = parse.GetValue(Device),
        Precision = parse.GetValue(Precision),
    }.Validate();

    /// <summary>"all" means every image; otherwise a positive d (0 is refused: it used to mean all, a silently wrong point in a scaling study).</summary>
    public static int? ParseSamplesPerClass(string text) =>
        text.Equals("all", StringComparison.OrdinalIgnoreCase) ? null
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var d) && d > 0 ? d
        : throw new ArgumentException($"--samples-per-class must be a positive integer or 'all' (got '{text}').");
}
