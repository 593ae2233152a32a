using System.CommandLine;
using System.Globalization;
using VvsNotebook.Torch;
using VvsNotebook.Training.Loop;

namespace VvsNotebook.Cli.Commands;

/// <summary>Options shared by <c>vvs train</c> and <c>vvs sweep</c>: the recipe, data, threads and output.</summary>
internal sealed class TrainingOptions
{
    public Option<string> Dataset { get; } = new("--dataset") { Description = "Training set (fashion-mnist).", DefaultValueFactory = _ => "fashion-mnist" };
    public Option<int> Epochs { get; } = new("--epochs") { Description = "Epochs (the paper: 100).", DefaultValueFactory = _ => TrainingRecipe.Paper.Epochs };
    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Mini-batch size (the paper: 512).", DefaultValueFactory = _ => TrainingRecipe.Paper.BatchSize };
    public Option<double> LearningRate { get; } = new("--lr") { Description = "Peak learning rate (the paper: 0.1).", DefaultValueFactory = _ => TrainingRecipe.Paper.PeakLearningRate };
    public Option<double?> WarmupEpochs { get; } = new("--warmup-epochs") { Description = "Linear warm-up epochs (default: 5% of the epochs, the paper's 5 of 100)." };
    public Option<double> Momentum { get; } = new("--momentum") { DefaultValueFactory = _ => TrainingRecipe.Paper.Momentum };
    public Option<double> WeightDecay { get; } = new("--weight-decay") { DefaultValueFactory = _ => TrainingRecipe.Paper.WeightDecay };
    public Option<string> Optimizer { get; } = new("--optimizer") { Description = "sgd or adamw.", DefaultValueFactory = _ => "sgd" };
    public Option<bool> NoAugment { get; } = new("--no-augment") { Description = "Skip random resized crop and flip." };
    public Option<int> Threads { get; } = new("--threads") { Description = "libtorch threads (results are reproducible for a fixed count).", DefaultValueFactory = _ => Environment.ProcessorCount };
    public Option<int?> ValidationImages { get; } = new("--validation-images") { Description = "Validate on the first N test images (default: all)." };
    public Option<string?> DataDir { get; } = DataCommand.DataDirOption();

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Dataset, Epochs, BatchSize, LearningRate, WarmupEpochs, Momentum, WeightDecay, Optimizer, NoAugment, Threads, ValidationImages, DataDir })
            command.Options.Add(o);
    }

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

    /// <summary>"all" (or 0) means every image; otherwise a positive d.</summary>
    public static int? ParseSamplesPerClass(string text) =>
        text.Equals("all", StringComparison.OrdinalIgnoreCase) || text == "0" ? null
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var d) && d > 0 ? d
        : throw new ArgumentException($"--samples-per-class must be a positive integer or 'all' (got '{text}').");

    /// <summary>Runs <paramref name="train"/>, turning run-state and libtorch errors into one line and exit code 2.</summary>
    public static async Task<int> Guard(Func<Task<int>> train)
    {
        try { return await train(); }
        catch (Exception e) when (e is RunFinishedException or TorchException || e.GetType() == typeof(InvalidOperationException))
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return CliErrors.BadInput;
        }
    }
}
