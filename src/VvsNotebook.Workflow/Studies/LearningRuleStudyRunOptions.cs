using System.CommandLine;
using System.Globalization;
using VvsNotebook.Brain;
using VvsNotebook.Manifests;
using VvsNotebook.Progress;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Studies;

namespace VvsNotebook.Workflow;

/// <summary>
/// The options of the learning-rule study (<see cref="LearningRuleStudyOptions"/>), its brain data and its runs
/// folder. <c>#!study learning-rules</c> and <c>vvs study learning-rules</c> both take them from here.
/// </summary>
public sealed class LearningRuleStudyRunOptions : IStudyRunOptions
{
    private static readonly LearningRuleStudyOptions Defaults = new();

    public Option<string> Rules { get; } = new("--rules") { Description = "Learning rules, comma-separated", DefaultValueFactory = _ => string.Join(",", Defaults.Rules) };
    public Option<string> Seeds { get; } = new("--seeds") { Description = "Seeds: a list (0,1,2) or a range (0-4)", DefaultValueFactory = _ => "0-4" };
    public Option<int> SamplesPerClass { get; } = new("--samples-per-class") { Description = "Fashion-MNIST training images per class", DefaultValueFactory = _ => Defaults.SamplesPerClass };
    public Option<int> Epochs { get; } = new("--epochs") { Description = "Training epochs per network (the paper: 40)", DefaultValueFactory = _ => Defaults.Epochs };
    public Option<double> Width { get; } = new("--width") { Description = "Width multiplier of rule_cnn", DefaultValueFactory = _ => Defaults.Width };
    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Mini-batch size", DefaultValueFactory = _ => Defaults.BatchSize };
    public Option<int> Permutations { get; } = new("--permutations") { Description = "Stimulus-label permutations per test (the paper: 10,000)", DefaultValueFactory = _ => Defaults.Permutations };
    public Option<double> FdrAlpha { get; } = new("--fdr") { Description = "Benjamini-Hochberg false discovery rate level", DefaultValueFactory = _ => Defaults.FdrAlpha };
    public Option<int> Threads { get; } = new("--threads") { Description = "libtorch threads", DefaultValueFactory = _ => Defaults.Threads };
    public Option<double?> LearningRate { get; } = new("--lr") { Description = "Learning rate of bp, fa and pc (stdp keeps its Hebbian rate)", DefaultValueFactory = _ => Defaults.LearningRate };
    public Option<string> Optimizer { get; } = new("--optimizer") { Description = "adam or sgd (momentum 0.9)", DefaultValueFactory = _ => Defaults.Optimizer };
    public Option<string> Brain { get; } = new("--brain") { Description = "simulated (offline, three subjects) or things-fmri (its files in the data folder)", DefaultValueFactory = _ => "simulated" };
    public Option<string> RunsDir { get; } = new("--runs-dir") { Description = "Folder of the study's run directories (finished runs are reused)", DefaultValueFactory = _ => Path.Combine("runs", "learning-rules") };
    public Option<string?> DataDir { get; } = SharedOptions.DataDir();

    public LearningRuleStudyRunOptions() => Brain.CompletionSources.Add("simulated", "things-fmri");

    public string Name => "learning-rules";

    public string Description => "Train identical CNNs with BP, feedback alignment, predictive coding, STDP and none; compare them with brain ROIs by RSA (seed 003).";

    public void Validate(ParseResult parse) => Options(parse);

    public async Task<object> RunAsync(ParseResult parse, IProgress<JobProgress> progress, CancellationToken cancellationToken)
    {
        var result = await Task.Run(() => Run(parse, progress, cancellationToken), cancellationToken);
        progress.Report(new StudyFinished("learning-rule", result.TrainedRuns, Trained: null, result.Seconds));
        return result;
    }

    public IEnumerable<string> SummaryLines(object result)
    {
        var study = (LearningRuleStudyResult)result;
        var significant = study.Pairwise.Where(p => p.Significant).ToList();
        yield return $"pairwise comparisons: {significant.Count} of {study.Pairwise.Count} significant at FDR {study.Options.FdrAlpha}";
        foreach (var p in significant)
            yield return FormattableString.Invariant($"  {p.Roi,-4} {p.RuleA,-9} vs {p.RuleB,-9} delta rho {p.DeltaRho,7:+0.000;-0.000}  q {p.Q:0.0000}");
        foreach (var r in study.Reliability)
            yield return FormattableString.Invariant($"  {r.Roi,-4} split-half {r.SplitHalf:0.000}  noise ceiling {r.NoiseCeilingLower:0.000}-{r.NoiseCeilingUpper:0.000}  inter-subject {r.InterSubject:0.000}");
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Rules, Seeds, SamplesPerClass, Epochs, Width, BatchSize, Permutations, FdrAlpha, Threads, LearningRate, Optimizer, Brain, RunsDir, DataDir })
            command.Options.Add(option);
    }

    /// <summary>The study's options; invalid values throw <see cref="ArgumentException"/> naming the option.</summary>
    public LearningRuleStudyOptions Options(ParseResult parse)
    {
        var options = new LearningRuleStudyOptions
        {
            Rules = parse.GetValue(Rules)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Seeds = ParseSeeds(parse.GetValue(Seeds)!),
            SamplesPerClass = parse.GetValue(SamplesPerClass), Epochs = parse.GetValue(Epochs), Width = parse.GetValue(Width),
            BatchSize = parse.GetValue(BatchSize), Permutations = parse.GetValue(Permutations), FdrAlpha = parse.GetValue(FdrAlpha),
            Threads = parse.GetValue(Threads), LearningRate = parse.GetValue(LearningRate), Optimizer = parse.GetValue(Optimizer)!,
        };
        options.Validate();
        StudyBrains.CheckSimulatedOrThings(parse.GetValue(Brain)!);
        return options;
    }

    /// <summary>Runs the study the options describe (brain data and Fashion-MNIST resolved from the data folder).</summary>
    public LearningRuleStudyResult Run(ParseResult parse, IProgress<StudyProgress>? progress, CancellationToken cancellationToken)
    {
        var options = Options(parse);
        var dataDir = parse.GetValue(DataDir);
        var resolver = DataResolver.FromEnvironment(dataDir);
        var brain = StudyBrains.SimulatedOrThings(parse.GetValue(Brain)!, dataDir);
        var study = new LearningRuleStudy(options, parse.GetValue(RunsDir)!);
        return study.Run(brain, FashionMnist.Load(train: true, resolver), FashionMnist.Load(train: false, resolver), progress, cancellationToken);
    }

    /// <summary>"0-4", "0,2,5" or a mix; anything else is an error naming the bad part.</summary>
    public static IReadOnlyList<int> ParseSeeds(string text)
    {
        var seeds = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', 1);
            if (dash > 0 && int.TryParse(part[..dash], CultureInfo.InvariantCulture, out var from) && int.TryParse(part[(dash + 1)..], CultureInfo.InvariantCulture, out var to) && from <= to)
                seeds.AddRange(Enumerable.Range(from, to - from + 1));
            else if (int.TryParse(part, CultureInfo.InvariantCulture, out var seed)) seeds.Add(seed);
            else throw new ArgumentException($"--seeds: '{part}' is neither a seed nor a range like 0-4.");
        }
        return seeds;
    }
}
