using VvsNotebook.Activations;
using VvsNotebook.Benchmarks.Sources;
using VvsNotebook.Data;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VvsNotebook.Training.Activations;

/// <summary>
/// Finished training runs as benchmark models (<c>vvs benchmark --run</c>, <c>#!benchmark --run</c>), and the
/// results-table row template a run's scores start from.
/// </summary>
public static class TrainedRunSource
{
    /// <summary>The finished run in <paramref name="dir"/> as a torch activation source (dispose it); a clear error for any other folder.</summary>
    public static TorchActivationSource Open(string dir)
    {
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"Run directory not found: {dir}");
        return Load(dir) ?? throw new ArgumentException($"{dir} is not a training run (no config.json); give a run directory written by vvs train or #!train.");
    }

    /// <summary>Turns a finished training run (config.json + model.bin) into a torch activation source; null for other folders.</summary>
    public static TorchActivationSource? Load(string dir)
    {
        if (!File.Exists(Path.Combine(dir, "config.json"))) return null;
        var (config, model) = LoadModel(dir);
        var input = config.Model.Input ?? InputShape.FashionMnist;
        return new TorchActivationSource(config.Name, model, input, FashionMnist.Normalization, ownsModel: true);
    }

    /// <summary>A finished run's config and its trained model (fp32, CPU, eval mode); the caller disposes the model.</summary>
    public static (RunConfig Config, Module<Tensor, Tensor> Model) LoadModel(string dir)
    {
        var config = RunDirectory.ReadConfig(dir);
        var modelPath = Path.Combine(dir, RunDirectory.ModelFile);
        if (!File.Exists(modelPath))
            throw new InvalidOperationException(File.Exists(Path.Combine(dir, "model.vvst"))
                ? $"Run {dir} was trained by an older VvsNotebook (model.vvst, the format of its retired libtorch binding), which this version does not read; train it again."
                : $"Run {dir} has no {RunDirectory.ModelFile} yet: it has not finished training.");
        var input = config.Model.Input ?? InputShape.FashionMnist; // Fashion-MNIST runs see 28 x 28 grey images
        var model = ModelZoo.Create(config.Model with { Input = input, NumClasses = FashionMnist.Classes.Count });
        try
        {
            RunDirectory.LoadState(model, modelPath);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.eval();
        return (config, model);
    }

    /// <summary>
    /// The results-table row a model's scores fill in: a trained run's N, D and C (from result.json) so its rows feed
    /// the scaling-law fits directly, otherwise just the model id.
    /// </summary>
    public static ScoreRecord RowTemplate(string modelId, string? runDirectory) =>
        runDirectory is not null && File.Exists(Path.Combine(runDirectory, "result.json"))
            ? RunFiles.ReadJson<TrainingResult>(Path.Combine(runDirectory, "result.json")).ToScoreRecord("", "", null) with { ModelId = modelId }
            : new ScoreRecord { ModelId = modelId, BenchmarkName = "", Region = "" };
}
