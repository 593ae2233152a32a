using System.CommandLine;
using VvsNotebook.Activations;
using VvsNotebook.Benchmarks;
using VvsNotebook.Benchmarks.Offline;
using VvsNotebook.Benchmarks.Public;
using VvsNotebook.Benchmarks.Sources;
using VvsNotebook.Data;
using VvsNotebook.Manifests;
using VvsNotebook.Training.Activations;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Models;

namespace VvsNotebook.Workflow;

/// <summary>
/// The options of one benchmark run: which model (built in, a finished training run, or a PyTorch checkpoint), which suite, the candidate
/// layers and the results-table id. <c>#!benchmark</c> and <c>vvs benchmark</c> both take them from here and build the
/// run with the methods below, so the notebook and the command line score a model the same way.
/// </summary>
public sealed class BenchmarkRunOptions
{
    public Option<string> Suite { get; } = new("--suite") { Description = "offline (no download needed) or public (the paper's 5 Brain-Score benchmarks; needs their files)", DefaultValueFactory = _ => "offline" };
    public Option<string?> Model { get; } = new("--model") { Description = "A built-in model" };
    public Option<string?> Run { get; } = new("--run") { Description = "A finished training run directory (from #!train or vvs train)" };
    public Option<string?> Checkpoint { get; } = new("--checkpoint") { Description = "A PyTorch state dict (torch.save) of a zoo model; its sidecar (vvs export) or --arch describes it" };
    public Option<string?> Arch { get; } = new("--arch") { Description = "--checkpoint's architecture when it has no sidecar (28x28 grey input, 10 classes)" };
    public Option<double?> Width { get; } = new("--width") { Description = "--checkpoint's width multiplier (default 1)" };
    public Option<int?> Depth { get; } = new("--depth") { Description = "--checkpoint's depth, for 'resnet' or 'vit'" };
    public Option<string?> Layers { get; } = new("--layers") { Description = "Candidate layers: comma-separated names, or 'all' (default: block level: top-level modules and their direct children, e.g. layer1.0)" };
    public Option<string?> ReadoutLayer { get; } = new("--readout-layer") { Description = "Behavioural readout layer (default: last candidate)" };
    public Option<int> ImagesPerClass { get; } = new Option<int>("--images-per-class") { Description = "Offline suite: Fashion-MNIST images per class", DefaultValueFactory = _ => 30 }.AtLeast(1);
    public Option<int> ImageSize { get; } = new("--image-size") { Description = "Public suite: side the stimuli are resized to after screen placement", DefaultValueFactory = _ => 224 };
    public Option<string?> ModelId { get; } = new("--model-id") { Description = "model_id in the results table (default: the model's id)" };
    public Option<string?> DataDir { get; } = SharedOptions.DataDir();

    public BenchmarkRunOptions()
    {
        Suite.AcceptOnlyFromAmong("offline", "public");
        Model.AcceptOnlyFromAmong([.. ActivationSources.BuiltinNames]);
        Arch.AcceptOnlyFromAmong([.. ModelZoo.Architectures]);
    }

    /// <summary>Adds the options, and the rule that exactly one of <c>--model</c>, <c>--run</c> and <c>--checkpoint</c> is given, to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Suite, Model, Run, Checkpoint, Arch, Width, Depth, Layers, ReadoutLayer, ImagesPerClass, ImageSize, ModelId, DataDir })
            command.Options.Add(option);
        command.Validators.Add(r =>
        {
            // Which options were given, not their values: reading a value that failed to parse (an unknown --model)
            // throws here, and its own error already names the problem.
            bool Given(Option option) => r.GetResult(option) is not null;
            var given = new Option[] { Model, Run, Checkpoint }.Count(Given);
            if (given != 1) r.AddError("Give one of --model NAME, --run DIR and --checkpoint FILE.");
            else if (!Given(Checkpoint) && (Given(Arch) || Given(Width) || Given(Depth)))
                r.AddError("--arch, --width and --depth describe a --checkpoint.");
        });
    }

    /// <summary>Whether the model runs in torch: a training run or a checkpoint (the built-in extractors need none).</summary>
    public bool NeedsTorch(ParseResult parse) => parse.GetValue(Run) is not null || parse.GetValue(Checkpoint) is not null;

    /// <summary>The full path of the <c>--run</c> directory, or null for a built-in model.</summary>
    public string? RunDirectory(ParseResult parse) => parse.GetValue(Run) is { } run ? Path.GetFullPath(run) : null;

    /// <summary>The full path of the <c>--checkpoint</c> file, or null.</summary>
    public string? CheckpointFile(ParseResult parse) => parse.GetValue(Checkpoint) is { } file ? Path.GetFullPath(file) : null;

    /// <summary>The model's activations: the trained run's network, the checkpoint's, or the built-in extractor.</summary>
    public IActivationSource Source(ParseResult parse)
    {
        if (CheckpointFile(parse) is { } checkpoint)
        {
            // Without --arch the sidecar describes the model; --arch describes a Fashion-MNIST-shaped one, as training makes.
            var spec = parse.GetValue(Arch) is { } arch
                ? new ModelSpec(arch, parse.GetValue(Width) ?? 1.0, parse.GetValue(Depth), InputShape.FashionMnist, FashionMnist.Classes.Count)
                : null;
            return PyTorchCheckpointSource.Load(checkpoint, spec);
        }
        if (RunDirectory(parse) is not { } run) return ActivationSources.Builtin(parse.GetValue(Model)!);
        return TrainedRunSource.Open(run);
    }

    /// <summary>The suite's benchmarks; the public suite reads its files through <paramref name="catalog"/>'s manifests.</summary>
    public IReadOnlyList<IBenchmark> Benchmarks(ParseResult parse, ManifestCatalog? catalog = null, CancellationToken cancellationToken = default) =>
        parse.GetValue(Suite) == "public"
            ? PublicBenchmarks.All(DataResolver.FromEnvironment(parse.GetValue(DataDir)), parse.GetValue(ImageSize), catalog)
            : OfflineSuite.Build(new OfflineSuiteOptions { ImagesPerClass = parse.GetValue(ImagesPerClass), Data = DataResolver.FromEnvironment(parse.GetValue(DataDir)) },
                cancellationToken);

    public BenchmarkRunner Runner(ParseResult parse, IActivationSource source) => new()
    {
        CandidateLayers = LayerSelection.Resolve(parse.GetValue(Layers), source.LayerNames),
        BehavioralReadoutLayer = parse.GetValue(ReadoutLayer),
    };

    /// <summary>The model's id in the results table: <c>--model-id</c>, else the source's own.</summary>
    public string TableModelId(ParseResult parse, IActivationSource source) => parse.GetValue(ModelId) ?? source.ModelId;

    /// <summary>The run's rows for a results table: paper columns, with a trained run's N, D and C (also from an exported run's sidecar).</summary>
    public IReadOnlyList<ScoreRecord> Records(ParseResult parse, BenchmarkRun result, IActivationSource source) =>
        result.ToScoreRecords(CheckpointFile(parse) is { } checkpoint
            ? PyTorchCheckpointSource.RowTemplate(TableModelId(parse, source), checkpoint)
            : TrainedRunSource.RowTemplate(TableModelId(parse, source), RunDirectory(parse)));
}
