using VvsNotebook.Data;
using VvsNotebook.Training.Checkpoints;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Models;

namespace VvsNotebook.Training.Activations;

/// <summary>
/// A PyTorch-saved model as a benchmark model (<c>vvs benchmark --checkpoint</c>, <c>#!benchmark --checkpoint</c>): the
/// zoo architecture with a <c>torch.save</c> state dict loaded strictly, scored through <see cref="TorchActivationSource"/>.
/// </summary>
public static class PyTorchCheckpointSource
{
    /// <summary>
    /// The model in <paramref name="checkpoint"/>. <paramref name="spec"/> names the architecture (as built, so give its
    /// input and class count); without it, the file's <see cref="CheckpointSidecar"/> (what <c>vvs export</c> writes)
    /// does. Normalisation: <paramref name="normalization"/>, else the sidecar's, else Fashion-MNIST's.
    /// </summary>
    public static TorchActivationSource Load(string checkpoint, ModelSpec? spec = null, (float Mean, float Std)? normalization = null, string? modelId = null)
    {
        var path = Path.GetFullPath(checkpoint);
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint not found: {path}", path);
        var sidecar = CheckpointSidecar.TryRead(path);
        var model = spec ?? sidecar?.Spec ?? throw new ArgumentException(
            $"{path} has no sidecar ({Path.GetFileName(CheckpointSidecar.PathFor(path))}, written by vvs export), so its architecture is unknown: give it (--arch, with --width/--depth).");
        var norm = normalization ?? (sidecar is { } s ? Uniform(s.Normalization, path) : FashionMnist.Normalization);
        var network = PyTorchCheckpoint.Load(model, path);
        return new TorchActivationSource(modelId ?? sidecar?.ModelId ?? Path.GetFileNameWithoutExtension(path), network, model.InputShape, norm, ownsModel: true);
    }

    /// <summary>The results-table row the model's scores fill in: with the training run's N, D and C when the sidecar has them.</summary>
    public static ScoreRecord RowTemplate(string modelId, string checkpoint) =>
        CheckpointSidecar.TryRead(Path.GetFullPath(checkpoint))?.Training is { } result
            ? result.ToScoreRecord("", "", null) with { ModelId = modelId }
            : new ScoreRecord { ModelId = modelId, BenchmarkName = "", Region = "" };

    /// <summary><see cref="TorchActivationSource"/> normalises every channel alike.</summary>
    private static (float Mean, float Std) Uniform(ChannelNormalization n, string path) =>
        n.Mean.Length > 0 && n.Std.Length == n.Mean.Length && n.Mean.All(m => m == n.Mean[0]) && n.Std.All(s => s == n.Std[0])
            ? (n.Mean[0], n.Std[0])
            : throw new ArgumentException($"{CheckpointSidecar.PathFor(path)} normalises channels differently; activation sources normalise every channel alike.");
}
