using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Activations;
using VvsNotebook.Training.Activations;
using VvsNotebook.Training.Checkpoints;

namespace VvsNotebook.Training.Alignment;

/// <summary>
/// A frozen pretrained network: one layer's activations (<see cref="TorchActivationSource"/>, flattened, no gradient)
/// of a project run directory (<c>vvs train</c>: config.json + model.bin) or of a PyTorch checkpoint
/// (<see cref="PyTorchCheckpoint"/>, architecture from its sidecar).
/// </summary>
public sealed class NetworkReference : IAlignmentReference
{
    private readonly TorchActivationSource _source;

    public NetworkReference(TorchActivationSource source, string layer, string? name = null)
    {
        if (!source.LayerNames.Contains(layer))
            throw new ArgumentException($"The reference network {source.ModelId} has no layer '{layer}'. Layers: {string.Join(", ", source.LayerNames.Take(40))}.");
        _source = source; Layer = layer;
        Name = name ?? $"net:{source.ModelId}:{layer}";
    }

    /// <summary>A run directory (holding config.json) or a checkpoint file (.pt/.pth/.bin with a vvs export sidecar).</summary>
    public static NetworkReference Open(string path, string layer)
    {
        var full = Path.GetFullPath(path);
        TorchActivationSource source;
        if (Directory.Exists(full))
        {
            if (!File.Exists(Path.Combine(full, "config.json")))
                throw new ArgumentException($"{full} is not a training run (no config.json); give a folder written by vvs train, or a PyTorch checkpoint file.");
            source = (TorchActivationSource)TrainedRunSource.Load(full)!;
        }
        else if (File.Exists(full)) source = PyTorchCheckpointSource.Load(full);
        else throw new FileNotFoundException($"Reference network not found: {full}; give a vvs train run folder or a PyTorch checkpoint.", full);
        try { return new NetworkReference(source, layer, $"net:{Path.GetFileName(full.TrimEnd('/'))}:{layer}"); }
        catch { source.Dispose(); throw; }
    }

    public string Name { get; }

    public string Layer { get; }

    public AlignmentStimuli? Stimuli => null;

    public Matrix<double> Features(ImageBatch images, CancellationToken cancellationToken = default) =>
        _source.GetActivations(images, [Layer], cancellationToken)[Layer];

    public void Dispose() => _source.Dispose();
}
