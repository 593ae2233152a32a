using System.CommandLine;
using VvsNotebook.Activations;
using VvsNotebook.Benchmarks;
using VvsNotebook.Benchmarks.Offline;
using VvsNotebook.Benchmarks.Public;
using VvsNotebook.Benchmarks.Sources;
using VvsNotebook.Data;
using VvsNotebook.Manifests;
using VvsNotebook.Training.Activations;

namespace VvsNotebook.Interactive.Magics;

/// <summary>
/// The options of one benchmark run: which model (built in, or a finished training run), which suite, the candidate
/// layers and the results-table id. <c>#!benchmark</c> and <c>vvs benchmark</c> both take them from here and build the
/// run with the methods below, so the notebook and the command line score a model the same way.
/// </summary>
public sealed class BenchmarkRunOptions
{
    public Option<string> Suite { get; } = new("--suite") { Description = "offline (no download needed) or public (the paper's 5 Brain-Score benchmarks; needs their files)", DefaultValueFactory = _ => "offline" };
    public Option<string?> Model { get; } = new("--model") { Description = "A built-in model" };
    public Option<string?> Run { get; } = new("--run") { Description = "A finished training run directory (from #!train or vvs train)" };
    public Option<string?> Layers { get; } = new("--layers") { Description = "Comma-separated candidate layers (default: all)" };
    public Option<string?> ReadoutLayer { get; } = new("--readout-layer") { Description = "Behavioural readout layer (default: last candidate)" };
    public Option<int> ImagesPerClass { get; } = new("--images-per-class") { Description = "Offline suite: Fashion-MNIST images per class", DefaultValueFactory = _ => 30 };
    public Option<int> ImageSize { get; } = new("--image-size") { Description = "Public suite: side the stimuli are resized to after screen placement", DefaultValueFactory = _ => 224 };
    public Option<string?> ModelId { get; } = new("--model-id") { Description = "model_id in the results table (default: the model's id)" };
    public Option<string?> DataDir { get; } = MagicCommand.DataDirOption();

    public BenchmarkRunOptions()
    {
        Suite.AcceptOnlyFromAmong("offline", "public");
        Model.AcceptOnlyFromAmong([.. ActivationSources.BuiltinNames]);
    }

    /// <summary>Adds the options, and the rule that exactly one of <c>--model</c> and <c>--run</c> is given, to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Suite, Model, Run, Layers, ReadoutLayer, ImagesPerClass, ImageSize, ModelId, DataDir })
            command.Options.Add(option);
        command.Validators.Add(r =>
        {
            if ((r.GetValue(Model) is null) == (r.GetValue(Run) is null)) r.AddError("Give either --model NAME or --run DIR.");
        });
    }

    /// <summary>The full path of the <c>--run</c> directory, or null for a built-in model.</summary>
    public string? RunDirectory(ParseResult parse) => parse.GetValue(Run) is { } run ? Path.GetFullPath(run) : null;

    /// <summary>The model's activations: the trained run's network or the built-in extractor.</summary>
    public IActivationSource Source(ParseResult parse)
    {
        if (RunDirectory(parse) is not { } run) return ActivationSources.Builtin(parse.GetValue(Model)!);
        TrainedRunSource.Register();
        return ActivationSources.FromRun(run);
    }

    /// <summary>The suite's benchmarks; the public suite reads its files through <paramref name="catalog"/>'s manifests.</summary>
    public IReadOnlyList<IBenchmark> Benchmarks(ParseResult parse, ManifestCatalog? catalog = null) => parse.GetValue(Suite) == "public"
        ? PublicBenchmarks.All(DataResolver.FromEnvironment(parse.GetValue(DataDir)), parse.GetValue(ImageSize), catalog)
        : OfflineSuite.Build(new OfflineSuiteOptions { ImagesPerClass = parse.GetValue(ImagesPerClass) });

    public BenchmarkRunner Runner(ParseResult parse) => new()
    {
        CandidateLayers = parse.GetValue(Layers)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        BehavioralReadoutLayer = parse.GetValue(ReadoutLayer),
    };

    /// <summary>The model's id in the results table: <c>--model-id</c>, else the source's own.</summary>
    public string TableModelId(ParseResult parse, IActivationSource source) => parse.GetValue(ModelId) ?? source.ModelId;

    /// <summary>The run's rows for a results table: paper columns, with a trained run's N, D and C.</summary>
    public IReadOnlyList<ScoreRecord> Records(ParseResult parse, BenchmarkRun result, IActivationSource source) =>
        result.ToScoreRecords(TrainedRunSource.RowTemplate(TableModelId(parse, source), RunDirectory(parse)));
}
