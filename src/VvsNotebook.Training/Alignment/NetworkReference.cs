using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Activations;
using VvsNotebook.Training.Activations;
using VvsNotebook.Training.Checkpoints;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VvsNotebook.Training.Alignment;

/// <summary>
/// A frozen pretrained network: one layer's activations (eval mode, no gradient) of a project run directory
/// (<c>vvs train</c>: config.json + model.bin) or of a PyTorch checkpoint (<see cref="PyTorchCheckpoint"/>,
/// architecture from its <c>vvs export</c> sidecar). Images are prepared as <see cref="TorchActivationSource"/> prepares
/// them; a convolutional layer is pooled as the trained layer is (<see cref="AlignmentFeatures"/>), so both sides of
/// the alignment are the same kind of representation.
/// </summary>
public sealed class NetworkReference : IAlignmentReference
{
    private readonly Module<Tensor, Tensor> _model;
    private readonly InputShape _input;
    private readonly (float Mean, float Std) _normalization;

    public NetworkReference(Module<Tensor, Tensor> model, InputShape input, (float Mean, float Std) normalization, string layer, string name,
        int grid = 4, int maxFeatures = AlignmentFeatures.DefaultMaxFeatures)
    {
        AlignmentTrainer.Layer(model, layer); // names the layers it has when this one is missing
        _model = model; _input = input; _normalization = normalization;
        Layer = layer; Name = name; Grid = grid; MaxFeatures = maxFeatures;
        foreach (var p in model.parameters()) p.requires_grad = false;
        model.eval();
    }

    /// <summary>A run directory (holding config.json) or a checkpoint file with a vvs export sidecar.</summary>
    public static NetworkReference Open(string path, string layer, int grid = 4, int maxFeatures = AlignmentFeatures.DefaultMaxFeatures)
    {
        var full = Path.GetFullPath(path);
        Module<Tensor, Tensor> model;
        InputShape input;
        if (Directory.Exists(full))
        {
            if (!File.Exists(Path.Combine(full, "config.json")))
                throw new ArgumentException($"{full} is not a training run (no config.json); give a folder written by vvs train, or a PyTorch checkpoint file.");
            var (config, loaded) = TrainedRunSource.LoadModel(full);
            (model, input) = (loaded, config.Model.Input ?? InputShape.FashionMnist);
        }
        else if (File.Exists(full))
        {
            var spec = CheckpointSidecar.TryRead(full)?.Spec ?? throw new ArgumentException(
                $"{full} has no sidecar ({Path.GetFileName(CheckpointSidecar.PathFor(full))}, written by vvs export), so its architecture is unknown; export it with vvs export.");
            (model, input) = (PyTorchCheckpoint.Load(spec, full), spec.InputShape);
        }
        else throw new FileNotFoundException($"Reference network not found: {full}; give a vvs train run folder or a PyTorch checkpoint.", full);
        try { return new NetworkReference(model, input, FashionMnist.Normalization, layer, $"net:{Path.GetFileName(full.TrimEnd('/'))}:{layer}", grid, maxFeatures); }
        catch { model.Dispose(); throw; }
    }

    public string Name { get; }
    public string Layer { get; }
    public int Grid { get; }
    public int MaxFeatures { get; }

    public AlignmentStimuli? Stimuli => null;

    public Matrix<double> Features(ImageBatch images, CancellationToken cancellationToken = default) =>
        AlignmentFeatures.Extract(_model, Layer, Grid, MaxFeatures, images, _input, _normalization, cancellationToken: cancellationToken);

    public void Dispose() => _model.Dispose();
}
