using System.CommandLine;
using System.Text.Json;
using VvsNotebook.Activations;
using VvsNotebook.Benchmarks;
using VvsNotebook.Benchmarks.Offline;
using VvsNotebook.Benchmarks.Public;
using VvsNotebook.Benchmarks.Sources;
using VvsNotebook.Data;
using VvsNotebook.Display;
using VvsNotebook.Manifests;
using VvsNotebook.Training.Activations;

namespace VvsNotebook.Cli.Commands;

/// <summary><c>vvs benchmark</c>: score a model on a benchmark suite, commit layers per region, append to a results table.</summary>
public static class BenchmarkCommand
{
    public static Command Create()
    {
        TrainedRunSource.Register();
        var suite = new Option<string>("--suite") { Description = "offline (no download needed) or public (the paper's 5 Brain-Score benchmarks; needs their files)", DefaultValueFactory = _ => "offline" };
        var imageSize = new Option<int>("--image-size") { Description = "Public suite: side the stimuli are resized to after screen placement", DefaultValueFactory = _ => 224 };
        var dataDir = new Option<DirectoryInfo?>("--data-dir") { Description = "Data directory for --suite public: the Brain-Score files under brainscore/ (default: VVS_DATA; then the download cache, then a verified download)" };
        var model = new Option<string?>("--model") { Description = $"A built-in model: {string.Join(", ", ActivationSources.BuiltinNames)}" };
        var run = new Option<DirectoryInfo?>("--run") { Description = "A trained run directory (needs a registered run loader)" };
        var layers = new Option<string?>("--layers") { Description = "Comma-separated candidate layers (default: all)" };
        var readout = new Option<string?>("--readout-layer") { Description = "Behavioural readout layer (default: last candidate)" };
        var output = new Option<FileInfo?>("--out") { Description = "Results table (CSV, paper columns) to append the scores to" };
        var modelId = new Option<string?>("--model-id") { Description = "model_id in the results table (default: the model's id)" };
        var perClass = new Option<int>("--images-per-class") { Description = "Offline suite: Fashion-MNIST images per class", DefaultValueFactory = _ => 30 };
        var json = new Option<bool>("--json") { Description = "Write the run as JSON on stdout" };
        var cmd = new Command("benchmark", "Score a model on a benchmark suite: layer commitment per region, ceiled scores, results table");
        foreach (var o in new Option[] { suite, dataDir, imageSize, model, run, layers, readout, output, modelId, perClass, json }) cmd.Options.Add(o);
        cmd.SetAction((p, ct) =>
        {
            try
            {
                IActivationSource source = (p.GetValue(model), p.GetValue(run)) switch
                {
                    ({ } name, null) => ActivationSources.Builtin(name),
                    (null, { } dir) => ActivationSources.FromRun(dir.FullName),
                    (null, null) => throw new ArgumentException("Give --model NAME or --run DIR."),
                    _ => throw new ArgumentException("Give either --model or --run, not both."),
                };
                var benchmarks = p.GetValue(suite) switch
                {
                    "offline" => OfflineSuite.Build(new OfflineSuiteOptions { ImagesPerClass = p.GetValue(perClass) }),
                    "public" => PublicBenchmarks.All(DataResolver.FromEnvironment(p.GetValue(dataDir)?.FullName), p.GetValue(imageSize), DataCommand.Catalog()),
                    var s => throw new ArgumentException($"Unknown suite '{s}'. Suites: offline, public."),
                };
                var runner = new BenchmarkRunner
                {
                    CandidateLayers = p.GetValue(layers)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                    BehavioralReadoutLayer = p.GetValue(readout),
                };
                var progress = new Progress<string>(m => { if (!Console.IsErrorRedirected) Console.Error.WriteLine("  " + m); });
                var result = runner.Run(source, benchmarks, ct, progress);
                var id = p.GetValue(modelId) ?? source.ModelId;
                var records = result.ToScoreRecords(TrainedRunSource.RowTemplate(id, p.GetValue(run)?.FullName));
                if (p.GetValue(output) is { } outFile) ScoreTable.Append(outFile.FullName, records);
                Console.WriteLine(p.GetValue(json)
                    ? JsonSerializer.Serialize(new { model_id = id, scores = result.Scores, commitments = result.Commitments }, new JsonSerializerOptions { WriteIndented = true })
                    : result.ToMimeBundle()[MimeTypes.Plain]);
                return Task.FromResult(0);
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or InvalidOperationException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return Task.FromResult(2);
            }
        });
        return cmd;
    }
}
