using System.CommandLine;
using System.Globalization;
using VvsNotebook.Brain;
using VvsNotebook.Manifests;
using VvsNotebook.Progress;
using VvsNotebook.Training.Alignment;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Studies;

namespace VvsNotebook.Workflow;

/// <summary>
/// The options of the alignment study (<see cref="AlignmentStudyOptions"/>), its brain data and its runs folder.
/// <c>#!study alignment</c> and <c>vvs study alignment</c> both take them from here; shared names mean what they mean
/// in the learning-rule study.
/// </summary>
public sealed class AlignmentStudyRunOptions : IStudyRunOptions
{
    private static readonly AlignmentStudyOptions Defaults = new();

    public Option<string> Targets { get; } = new("--targets") { Description = "REFERENCE@LAYER pairs, comma-separated; references: " + AlignmentReferences.Syntax, DefaultValueFactory = _ => string.Join(",", Defaults.Targets) };
    public Option<string> Alphas { get; } = new("--alphas") { Description = "Signed alignment weights, comma-separated; must include 0 (the baseline)", DefaultValueFactory = _ => string.Join(",", Defaults.Alphas.Select(a => a.ToString(CultureInfo.InvariantCulture))) };
    public Option<double> Beta { get; } = new("--beta") { Description = "Weight of the task loss (cross-entropy)", DefaultValueFactory = _ => Defaults.Beta };
    public Option<string> Seeds { get; } = new("--seeds") { Description = "Seeds: a list (0,1,2) or a range (0-4)", DefaultValueFactory = _ => "0-1" };
    public Option<string> Alignment { get; } = new("--alignment") { Description = "Training alignment: linear (symmetrised ridge R^2, the paper's) or cka", DefaultValueFactory = _ => Defaults.Alignment };
    public Option<double> RidgeAlpha { get; } = new("--ridge-alpha") { Description = "Ridge penalty of linear alignment", DefaultValueFactory = _ => Defaults.RidgeAlpha };
    public Option<int> Grid { get; } = new("--pool") { Description = "Average-pool convolutional layers to at most this many positions a side before alignment (0: none)", DefaultValueFactory = _ => Defaults.Grid };
    public Option<int> MaxFeatures { get; } = new("--max-features") { Description = "At most this many values per pooled convolutional map (wide layers pool further, down to channel means)", DefaultValueFactory = _ => Defaults.MaxFeatures };
    public Option<string> Arch { get; } = new("--arch") { Description = "Architecture: rule_cnn (fast), small_cnn or alexnet (the paper's)", DefaultValueFactory = _ => Defaults.Arch };
    public Option<int> SamplesPerClass { get; } = new("--samples-per-class") { Description = "Fashion-MNIST training images per class", DefaultValueFactory = _ => Defaults.SamplesPerClass };
    public Option<int> ValidationPerClass { get; } = new("--validation-per-class") { Description = "Held-out Fashion-MNIST test images per class", DefaultValueFactory = _ => Defaults.ValidationPerClass };
    public Option<int> Epochs { get; } = new("--epochs") { Description = "Training epochs per network (the paper: 50)", DefaultValueFactory = _ => Defaults.Epochs };
    public Option<double> Width { get; } = new("--width") { Description = "Width multiplier of the architecture", DefaultValueFactory = _ => Defaults.Width };
    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Mini-batch size (also the rows of each training alignment)", DefaultValueFactory = _ => Defaults.BatchSize };
    public Option<int> AlignmentBatchSize { get; } = new("--alignment-batch-size") { Description = "Brain stimuli per alignment batch", DefaultValueFactory = _ => Defaults.AlignmentBatchSize };
    public Option<double> LearningRate { get; } = new("--lr") { Description = "Adam's learning rate (the paper: 1e-4)", DefaultValueFactory = _ => Defaults.LearningRate };
    public Option<int> Threads { get; } = new("--threads") { Description = "libtorch threads", DefaultValueFactory = _ => Defaults.Threads };
    public Option<string> Brain { get; } = new("--brain") { Description = "Brain set of brain:ROI references: simulated (offline) or nsd (Algonauts 2023 NSD files in the data folder)", DefaultValueFactory = _ => "simulated" };
    public Option<string> NsdSubject { get; } = new("--nsd-subject") { Description = "NSD subject of --brain nsd (subj01..subj08)", DefaultValueFactory = _ => "subj01" };
    public Option<string> RunsDir { get; } = new("--runs-dir") { Description = "Folder of the study's run directories (finished runs are reused)", DefaultValueFactory = _ => Path.Combine("runs", "alignment") };
    public Option<string?> DataDir { get; } = SharedOptions.DataDir();

    public AlignmentStudyRunOptions()
    {
        Brain.CompletionSources.Add("simulated", "nsd");
        Alignment.CompletionSources.Add("linear", "cka");
    }

    public string Name => "alignment";

    public string Description => "Train CNNs with alpha * alignment loss + beta * task loss towards or away from a reference (Gabor oracle, a network, brain ROIs); accuracy against 5-fold validation alignment, Pareto fronts (seed 004).";

    public void Validate(ParseResult parse) => Options(parse);

    public async Task<object> RunAsync(ParseResult parse, IProgress<JobProgress> progress, CancellationToken cancellationToken)
    {
        var result = await Task.Run(() => Run(parse, progress, cancellationToken), cancellationToken);
        progress.Report(new StudyFinished("alignment", result.Rows.Count, result.TrainedRuns, result.Seconds));
        return result;
    }

    public IEnumerable<string> SummaryLines(object result)
    {
        var study = (AlignmentStudyResult)result;
        foreach (var target in study.Options.Targets)
        {
            var front = study.For(target).Where(r => r.Pareto).Select(r => r.Alpha.ToString("0.###", CultureInfo.InvariantCulture));
            yield return $"  {target}: Pareto front at alpha {string.Join(", ", front)}";
        }
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Targets, Alphas, Beta, Seeds, Alignment, RidgeAlpha, Grid, MaxFeatures, Arch, SamplesPerClass, ValidationPerClass, Epochs, Width, BatchSize, AlignmentBatchSize, LearningRate, Threads, Brain, NsdSubject, RunsDir, DataDir })
            command.Options.Add(option);
    }

    /// <summary>The study's options; invalid values throw <see cref="ArgumentException"/> naming the option.</summary>
    public AlignmentStudyOptions Options(ParseResult parse)
    {
        var options = new AlignmentStudyOptions
        {
            Targets = List(parse.GetValue(Targets)!),
            Alphas = List(parse.GetValue(Alphas)!).Select(a => double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
                : throw new ArgumentException($"--alphas: '{a}' is not a number.")).ToArray(),
            Beta = parse.GetValue(Beta), Seeds = LearningRuleStudyRunOptions.ParseSeeds(parse.GetValue(Seeds)!), Alignment = parse.GetValue(Alignment)!,
            RidgeAlpha = parse.GetValue(RidgeAlpha), Grid = parse.GetValue(Grid), MaxFeatures = parse.GetValue(MaxFeatures), Arch = parse.GetValue(Arch)!, SamplesPerClass = parse.GetValue(SamplesPerClass),
            ValidationPerClass = parse.GetValue(ValidationPerClass), Epochs = parse.GetValue(Epochs), Width = parse.GetValue(Width),
            BatchSize = parse.GetValue(BatchSize), AlignmentBatchSize = parse.GetValue(AlignmentBatchSize), LearningRate = parse.GetValue(LearningRate),
            Threads = parse.GetValue(Threads),
        };
        options.Validate();
        if (parse.GetValue(Brain) is not ("simulated" or "nsd") and var brain)
            throw new ArgumentException($"--brain must be simulated or nsd (got '{brain}').");
        return options;
    }

    /// <summary>Runs the study the options describe (brain data and Fashion-MNIST resolved from the data folder).</summary>
    public AlignmentStudyResult Run(ParseResult parse, IProgress<AlignmentStudyProgress>? progress, CancellationToken cancellationToken)
    {
        var options = Options(parse);
        var dataDir = parse.GetValue(DataDir);
        var resolver = DataResolver.FromEnvironment(dataDir);
        Func<BrainRoiSet> brain = parse.GetValue(Brain) == "nsd"
            ? () => NsdAlgonauts.Load(dataDir ?? Environment.GetEnvironmentVariable("VVS_DATA")
                ?? throw new ArgumentException("--brain nsd needs --data-dir (or VVS_DATA) holding the Algonauts 2023 NSD files of data-manifests/nsd.yaml."), parse.GetValue(NsdSubject)!)
            : () => SimulatedRoiSet.Build(new SimulatedRoiOptions { ImagesPerClass = 20 });
        var study = new AlignmentStudy(options, parse.GetValue(RunsDir)!);
        return study.Run(brain, FashionMnist.Load(train: true, resolver), FashionMnist.Load(train: false, resolver), progress, cancellationToken);
    }

    private static string[] List(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
