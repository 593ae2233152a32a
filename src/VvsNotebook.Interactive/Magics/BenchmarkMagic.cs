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
/// <c>#!benchmark --run runs/… --out scores</c>: scores a model (a finished training run or a built-in feature
/// extractor) on a benchmark suite with per-region layer commitment and live progress; the
/// <see cref="BenchmarkRun"/> renders its score table and per-region bars. <c>--append</c> adds the rows to a
/// results table, with a trained run's N, D and C, ready for <c>#!fit</c>-style analysis.
/// </summary>
public sealed class BenchmarkMagic : MagicCommand
{
    private readonly Option<string> _suite = new("--suite") { Description = "offline (no download needed) or public (the paper's Brain-Score benchmarks; needs their files)", DefaultValueFactory = _ => "offline" };
    private readonly Option<string?> _model = new("--model") { Description = "A built-in model" };
    private readonly Option<string?> _run = new("--run") { Description = "A finished training run directory (from #!train)" };
    private readonly Option<string?> _layers = new("--layers") { Description = "Comma-separated candidate layers (default: all)" };
    private readonly Option<string?> _readout = new("--readout-layer") { Description = "Behavioural readout layer (default: last candidate)" };
    private readonly Option<int> _imagesPerClass = new("--images-per-class") { Description = "Offline suite: Fashion-MNIST images per class", DefaultValueFactory = _ => 30 };
    private readonly Option<int> _imageSize = new("--image-size") { Description = "Public suite: side the stimuli are resized to", DefaultValueFactory = _ => 224 };
    private readonly Option<string?> _append = new("--append") { Description = "Results table (CSV, paper columns) to append the scores to" };
    private readonly Option<string?> _modelId = new("--model-id") { Description = "model_id in the results table (default: the model's id)" };
    private readonly Option<string?> _dataDir = DataDirOption();

    public BenchmarkMagic() : base("#!benchmark", "Score a model for brain alignment: layer commitment per region, ceiled scores, per-region bars")
    {
        _suite.AcceptOnlyFromAmong("offline", "public");
        _model.AcceptOnlyFromAmong([.. ActivationSources.BuiltinNames]);
        Command.Validators.Add(r =>
        {
            if ((r.GetValue(_model) is null) == (r.GetValue(_run) is null)) r.AddError("Give either --model NAME or --run DIR.");
        });
        foreach (var option in new Option[] { _suite, _model, _run, _layers, _readout, _imagesPerClass, _imageSize, _append, _modelId, _dataDir })
            Command.Add(option);
    }

    public override async Task<object?> RunAsync(ParseResult parse, IMagicContext context)
    {
        TrainedRunSource.Register();
        var runDirectory = parse.GetValue(_run) is { } run ? Path.GetFullPath(run) : null;
        IActivationSource source = runDirectory is not null ? ActivationSources.FromRun(runDirectory) : ActivationSources.Builtin(parse.GetValue(_model)!);
        var status = context.Display($"{source.ModelId}: building the {parse.GetValue(_suite)} suite…");
        var benchmarks = parse.GetValue(_suite) == "public"
            ? PublicBenchmarks.All(DataResolver.FromEnvironment(parse.GetValue(_dataDir)), parse.GetValue(_imageSize))
            : OfflineSuite.Build(new OfflineSuiteOptions { ImagesPerClass = parse.GetValue(_imagesPerClass) });
        var runner = new BenchmarkRunner
        {
            CandidateLayers = parse.GetValue(_layers)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            BehavioralReadoutLayer = parse.GetValue(_readout),
        };
        var progress = new ThrottledProgress<string>(message => status.Update(message));
        var result = await Task.Run(() => runner.Run(source, benchmarks, context.CancellationToken, progress), context.CancellationToken);
        status.Update($"{source.ModelId}: {result.Scores.Count} benchmarks scored");
        if (parse.GetValue(_append) is { } table)
        {
            ScoreTable.Append(table, result.ToScoreRecords(TrainedRunSource.RowTemplate(parse.GetValue(_modelId) ?? source.ModelId, runDirectory)));
            status.Update($"{source.ModelId}: {result.Scores.Count} benchmarks scored; rows appended to {Path.GetFullPath(table)}");
        }
        return result;
    }
}
