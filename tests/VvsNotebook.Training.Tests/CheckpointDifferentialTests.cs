using System.Globalization;
using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;
using TorchSharp;
using VvsNotebook.Activations;
using VvsNotebook.Assemblies;
using VvsNotebook.Benchmarks;
using VvsNotebook.Benchmarks.Offline;
using VvsNotebook.Stimuli;
using VvsNotebook.Training.Activations;
using VvsNotebook.Training.Checkpoints;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Runtime;
using Xunit.Abstractions;

namespace VvsNotebook.Training.Tests;

/// <summary>
/// The differential test of checkpoint loading: weights PyTorch saved, loaded here, give PyTorch's layer outputs on the
/// offline suite's stimuli and, through the project's own benchmark runner, the scores PyTorch's activations give.
/// </summary>
[Collection(TorchSavedModels.Collection)]
public sealed class CheckpointDifferentialTests : IDisposable
{
    private readonly TorchSavedModels _models;
    private readonly ITestOutputHelper _output;
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vvs-ckpt-diff-");

    public CheckpointDifferentialTests(TorchSavedModels models, ITestOutputHelper output)
    {
        _models = models;
        _output = output;
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(2);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    [TorchTheory]
    [InlineData("small_cnn", "features.3,features.7,classifier")]
    [InlineData("resnet18", "layer1,layer2,layer3,layer4,avgpool,fc")]
    public void a_pytorch_saved_model_scores_the_same_on_the_offline_suite_in_csharp_as_in_pytorch(string arch, string candidates)
    {
        var saved = _models.Get(arch);
        var layers = candidates.Split(',');
        var benchmarks = OfflineSuite.Build(new OfflineSuiteOptions { ImagesPerClass = 10 });
        var stimuli = benchmarks.Select(b => b.Stimuli).Distinct(ReferenceEqualityComparer.Instance).Cast<ImageBatch>().ToArray();
        // Every layer on a few gratings and clothes; the candidate layers on each stimulus set the benchmarks show.
        var probe = ImageBatches.Select(stimuli[0], [0, 33, 95, 96, 140, stimuli[0].Count - 1]);
        ImageBatch[] batches = [probe, .. stimuli];

        // Here: the training-script checkpoint (DataParallel names, optimizer state), loaded strictly into the zoo model.
        using var model = PyTorchCheckpoint.Load(saved.Spec, saved.File("nested.pt"));
        using var csharp = new TorchActivationSource(saved.Spec.Id, model, saved.Spec.InputShape, FashionMnist.Normalization);
        // PyTorch gets the very tensors the source fed the model, so the comparison starts after preprocessing.
        var fed = new List<float[]>();
        var hook = model.register_forward_pre_hook((_, x) => { fed.Add(x.data<float>().ToArray()); return x; });
        var ours = new List<IReadOnlyDictionary<string, Matrix<double>>>();
        var inputs = new List<string>();
        for (var i = 0; i < batches.Length; i++)
        {
            fed.Clear();
            ours.Add(csharp.GetActivations(batches[i], i == 0 ? csharp.LayerNames : layers));
            var file = Path.Combine(_dir.FullName, $"input{i}.npy");
            NpyFile.Write(file, new NpyArray([batches[i].Count, 1, 28, 28], fed.SelectMany(a => a).Select(v => (double)v).ToArray()));
            inputs.Add($"{file}={(i == 0 ? "all" : candidates)}");
        }
        hook.remove();

        // There: the plain state dict PyTorch saved, in PyTorch's twin of the model.
        var python = Path.Combine(_dir.FullName, "py");
        TorchReference.Run(["forward", "--arch", arch, "--width", saved.Spec.Width.ToString(CultureInfo.InvariantCulture),
            "--checkpoint", saved.File("plain.pt"), "--inputs", .. inputs, "--out", python]);
        IReadOnlyDictionary<string, Matrix<double>> Theirs(int i, IEnumerable<string> names) =>
            names.ToDictionary(n => n, n => NpyFile.Read(Path.Combine(python, $"input{i}", n + ".npy")).ToMatrix(n));

        // Layer by layer: the same modules, the same outputs (a ResNet block's relu: its last call).
        var pythonLayers = JsonSerializer.Deserialize<string[]>(File.ReadAllText(Path.Combine(python, "input0", "layers.json")))!;
        Assert.Equal(pythonLayers.Order(StringComparer.Ordinal), csharp.LayerNames.Order(StringComparer.Ordinal));
        var probed = Theirs(0, csharp.LayerNames);
        var worst = 0.0;
        foreach (var layer in csharp.LayerNames)
        {
            Assert.Equal((probed[layer].RowCount, probed[layer].ColumnCount), (ours[0][layer].RowCount, ours[0][layer].ColumnCount));
            worst = Math.Max(worst, PyTorchCheckpointTests.AssertClose(probed[layer].ToRowMajorArray(), ours[0][layer].ToRowMajorArray(), layer));
        }
        var recorded = Enumerable.Range(1, stimuli.Length).Select(i => (stimuli[i - 1], Theirs(i, layers))).ToList();
        foreach (var (i, layer) in from i in Enumerable.Range(1, stimuli.Length) from l in layers select (i, l))
            worst = Math.Max(worst, PyTorchCheckpointTests.AssertClose(recorded[i - 1].Item2[layer].ToRowMajorArray(), ours[i][layer].ToRowMajorArray(), $"{layer} on stimulus set {i}"));
        _output.WriteLine($"{csharp.LayerNames.Count} layers: largest activation difference {worst:G3} of the layer's largest magnitude");

        // The benchmark scores, from our model and from PyTorch's activations, through the same runner.
        var runner = new BenchmarkRunner { CandidateLayers = layers };
        var fromOurs = runner.Run(csharp, benchmarks);
        var fromPyTorch = runner.Run(new RecordedActivations(saved.Spec.Id, layers, recorded), benchmarks);
        Assert.Equal(benchmarks.Count, fromOurs.Scores.Count);
        foreach (var (a, b) in fromOurs.Scores.Zip(fromPyTorch.Scores))
        {
            _output.WriteLine($"{a.Benchmark}: {a.Score:G9} here, {b.Score:G9} from PyTorch's activations (layer {a.Layer})");
            Assert.Equal(b.Benchmark, a.Benchmark);
            Assert.Equal(b.Layer, a.Layer);
            Assert.True(double.IsFinite(a.Score), $"{a.Benchmark}: score {a.Score}");
            Assert.True(Math.Abs(a.Score - b.Score) <= 1e-4, $"{a.Benchmark}: {a.Score:R} here, {b.Score:R} from PyTorch's activations");
        }
        foreach (var (a, b) in fromOurs.Commitments.Zip(fromPyTorch.Commitments))
            foreach (var (layer, score) in a.LayerScores)
                Assert.True(Math.Abs(score - b.LayerScores[layer]) <= 1e-4, $"{a.Benchmark} {layer}: {score:R} here, {b.LayerScores[layer]:R} from PyTorch's activations");
    }

    /// <summary>Activations computed elsewhere, served for the stimulus batches they were computed on.</summary>
    private sealed class RecordedActivations(string modelId, IReadOnlyList<string> layers,
        IReadOnlyList<(ImageBatch Stimuli, IReadOnlyDictionary<string, Matrix<double>> Activations)> recorded) : IActivationSource
    {
        public string ModelId => modelId;

        public IReadOnlyList<string> LayerNames => layers;

        public IReadOnlyDictionary<string, Matrix<double>> GetActivations(ImageBatch images, IReadOnlyList<string> requested, CancellationToken cancellationToken = default)
        {
            var activations = recorded.Single(r => ReferenceEquals(r.Stimuli, images)).Activations;
            return requested.Distinct().ToDictionary(l => l, l => activations[l]);
        }
    }
}
