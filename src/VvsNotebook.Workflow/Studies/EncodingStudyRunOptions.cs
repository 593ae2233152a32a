using System.CommandLine;
using System.Globalization;
using VvsNotebook.Brain;
using VvsNotebook.Manifests;
using VvsNotebook.Progress;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Studies;

namespace VvsNotebook.Workflow;

/// <summary>
/// The options of the ViT encoding study (<see cref="EncodingStudyOptions"/>), its brain data and its runs folder.
/// <c>#!study encoding</c> and <c>vvs study encoding</c> both take them from here. List options take "16,32,64", a
/// range "0-2" or a mix.
/// </summary>
public sealed class EncodingStudyRunOptions : IStudyRunOptions
{
    private static readonly EncodingStudyOptions Defaults = new();

    private static string List(IEnumerable<int> values) => string.Join(",", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    public Option<string> SamplesPerClass { get; } = new("--samples-per-class") { Description = "Training-set sizes: Fashion-MNIST images per class, comma-separated", DefaultValueFactory = _ => List(Defaults.SamplesPerClass) };
    public Option<string> HiddenDims { get; } = new("--hidden-dims") { Description = "ViT hidden dimensions, comma-separated (each a multiple of every --heads)", DefaultValueFactory = _ => List(Defaults.HiddenDims) };
    public Option<string> Depths { get; } = new("--depths") { Description = "ViT depths (transformer blocks), comma-separated", DefaultValueFactory = _ => List(Defaults.Depths) };
    public Option<string> Heads { get; } = new("--heads") { Description = "Attention heads, comma-separated", DefaultValueFactory = _ => List(Defaults.Heads) };
    public Option<string> Precision { get; } = new("--precision") { Description = "Precisions, comma-separated: fp32, bf16 (AVX-512 BF16/AMX CPUs, GPUs), fp16 (GPUs, with --device cuda)", DefaultValueFactory = _ => string.Join(",", Defaults.Precisions) };
    public Option<string> Seeds { get; } = new("--seeds") { Description = "Seeds: a list (0,1,2) or a range (0-4)", DefaultValueFactory = _ => List(Defaults.Seeds) };
    public Option<int> Epochs { get; } = new("--epochs") { Description = "Training epochs per network", DefaultValueFactory = _ => Defaults.Epochs };
    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Mini-batch size", DefaultValueFactory = _ => Defaults.BatchSize };
    public Option<double> LearningRate { get; } = new("--lr") { Description = "Peak learning rate (half an epoch of warm-up, then cosine)", DefaultValueFactory = _ => Defaults.LearningRate };
    public Option<double> WeightDecay { get; } = new("--weight-decay") { Description = "Weight decay", DefaultValueFactory = _ => Defaults.WeightDecay };
    public Option<string> Optimizer { get; } = new("--optimizer") { Description = "adamw or sgd (momentum 0.9)", DefaultValueFactory = _ => Defaults.Optimizer };
    public Option<int> ValidationImages { get; } = new("--validation-images") { Description = "Validation images (the first of the Fashion-MNIST test set)", DefaultValueFactory = _ => Defaults.ValidationImages };
    public Option<int> Threads { get; } = new("--threads") { Description = "libtorch threads", DefaultValueFactory = _ => Defaults.Threads };
    public Option<string?> Device { get; } = new("--device") { Description = "cpu (default) or cuda / cuda:N" };
    public Option<string> Layer { get; } = new("--layer") { Description = "Features: cls (class token after the final norm), mean (token mean after it), blocks.K or blocks.K:cls", DefaultValueFactory = _ => Defaults.Layer };
    public Option<int> Folds { get; } = new("--folds") { Description = "Outer cross-validation folds of the ridge encoding", DefaultValueFactory = _ => Defaults.Folds };
    public Option<int> WarmupSteps { get; } = new("--warmup-steps") { Description = "First steps of each run left out of the time per step", DefaultValueFactory = _ => Defaults.WarmupSteps };
    public Option<int> ImagesPerClass { get; } = new("--brain-images-per-class") { Description = "Fashion-MNIST images per class of the simulated brain set (after its 96 gratings)", DefaultValueFactory = _ => 10 };
    public Option<string> Brain { get; } = new("--brain") { Description = "simulated (offline, three subjects) or things-fmri (its files in the data folder)", DefaultValueFactory = _ => "simulated" };
    public Option<string> RunsDir { get; } = new("--runs-dir") { Description = "Folder of the study's run directories (finished runs are reused)", DefaultValueFactory = _ => Path.Combine("runs", "encoding") };
    public Option<string?> DataDir { get; } = SharedOptions.DataDir();

    public EncodingStudyRunOptions()
    {
        Brain.CompletionSources.Add("simulated", "things-fmri");
        Layer.CompletionSources.Add("cls", "mean", "blocks.0", "blocks.0:cls");
        Precision.CompletionSources.Add("fp32", "bf16", "fp16");
    }

    public string Name => "encoding";

    public string Description => "Train small ViTs over data size x hidden dim x depth x heads x precision; predict brain ROIs by cross-validated ridge, Pearson r per voxel (seed 002).";

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { SamplesPerClass, HiddenDims, Depths, Heads, Precision, Seeds, Epochs, BatchSize, LearningRate, WeightDecay, Optimizer,
                     ValidationImages, Threads, Device, Layer, Folds, WarmupSteps, Brain, ImagesPerClass, RunsDir, DataDir })
            command.Options.Add(option);
    }

    public void Validate(ParseResult parse) => Options(parse);

    /// <summary>The study's options; invalid values throw <see cref="ArgumentException"/> naming the option.</summary>
    public EncodingStudyOptions Options(ParseResult parse)
    {
        var options = new EncodingStudyOptions
        {
            SamplesPerClass = EncodingStudyOptions.ParseList(parse.GetValue(SamplesPerClass)!, "--samples-per-class"),
            HiddenDims = EncodingStudyOptions.ParseList(parse.GetValue(HiddenDims)!, "--hidden-dims"),
            Depths = EncodingStudyOptions.ParseList(parse.GetValue(Depths)!, "--depths"),
            Heads = EncodingStudyOptions.ParseList(parse.GetValue(Heads)!, "--heads"),
            Precisions = parse.GetValue(Precision)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => p.ToLowerInvariant()).ToList(),
            Seeds = EncodingStudyOptions.ParseList(parse.GetValue(Seeds)!, "--seeds"),
            Epochs = parse.GetValue(Epochs), BatchSize = parse.GetValue(BatchSize), LearningRate = parse.GetValue(LearningRate),
            WeightDecay = parse.GetValue(WeightDecay), Optimizer = parse.GetValue(Optimizer)!, ValidationImages = parse.GetValue(ValidationImages),
            Threads = parse.GetValue(Threads), Device = parse.GetValue(Device) is { } d && !d.Equals("cpu", StringComparison.OrdinalIgnoreCase) ? d : null,
            Layer = parse.GetValue(Layer)!, Folds = parse.GetValue(Folds), WarmupSteps = parse.GetValue(WarmupSteps),
        };
        options.Validate();
        StudyBrains.CheckSimulatedOrThings(parse.GetValue(Brain)!);
        var perClass = parse.GetValue(ImagesPerClass);
        if (perClass is < 1 or > 100)
            throw new ArgumentException($"--brain-images-per-class must be in [1, 100] (got {perClass}).");
        return options;
    }

    /// <summary>Runs the study the options describe (brain data and Fashion-MNIST resolved from the data folder).</summary>
    public EncodingStudyResult Run(ParseResult parse, IProgress<EncodingStudyProgress>? progress, CancellationToken cancellationToken)
    {
        var options = Options(parse);
        var dataDir = parse.GetValue(DataDir);
        var resolver = DataResolver.FromEnvironment(dataDir);
        var brain = StudyBrains.SimulatedOrThings(parse.GetValue(Brain)!, dataDir, new SimulatedRoiOptions { ImagesPerClass = parse.GetValue(ImagesPerClass) });
        return new EncodingStudy(options, parse.GetValue(RunsDir)!).Run(brain, FashionMnist.Load(train: true, resolver), FashionMnist.Load(train: false, resolver), progress, cancellationToken);
    }

    public async Task<object> RunAsync(ParseResult parse, IProgress<JobProgress> progress, CancellationToken cancellationToken)
    {
        var result = await Task.Run(() => Run(parse, progress, cancellationToken), cancellationToken);
        progress.Report(new StudyFinished("encoding", result.Rows.Count, result.TrainedRuns, result.Seconds));
        return result;
    }

    // Rounded first (and -0 made 0), so a tiny negative difference prints +0.000, not -+0.000.
    private static string Signed(double value) => (Math.Round(value, 3) + 0.0).ToString("+0.000;-0.000;+0.000", CultureInfo.InvariantCulture);

    public IEnumerable<string> SummaryLines(object result)
    {
        var study = (EncodingStudyResult)result;
        foreach (var c in study.Ceilings)
            yield return FormattableString.Invariant($"  {c.Roi,-4} split-half ceiling {c.Ceiling:0.000}");
        foreach (var p in study.PrecisionComparisons)
            yield return FormattableString.Invariant(
                $"  {p.Precision} vs fp32 (d={p.SamplesPerClass}, dim {p.HiddenDim}, depth {p.Depth}, heads {p.Heads}, seed {p.Seed}): s/step {p.SecondsPerStepLow:0.0000} vs {p.SecondsPerStepFp32:0.0000} (x{p.StepTimeRatio:0.00}), mean r {Signed(p.MeanRDifference)}");
    }
}
