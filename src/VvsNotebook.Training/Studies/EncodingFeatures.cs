using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Activations;
using VvsNotebook.Training.Activations;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Models;

namespace VvsNotebook.Training.Studies;

/// <summary>
/// Which ViT representation the encoding model sees. <c>cls</c>: the class token after the final LayerNorm (what
/// the classifier head reads; the default). <c>mean</c>: the mean over all tokens after the final LayerNorm.
/// <c>blocks.K</c>: the mean over tokens of block K's output (0-based, before the final norm); <c>blocks.K:cls</c>:
/// that block's class token. Each gives hidden-dim features per image.
/// </summary>
public static class EncodingFeatures
{
    public const string ClassToken = "cls", TokenMean = "mean";

    /// <summary>The module whose output is read and whether the class token (true) or the token mean is taken.</summary>
    public static (string Module, bool Cls) Parse(string layer, int? depth = null)
    {
        if (layer == ClassToken) return ("norm", true);
        if (layer == TokenMean) return ("norm", false);
        var parts = layer.Split(':');
        if (parts[0].StartsWith("blocks.", StringComparison.Ordinal) && int.TryParse(parts[0]["blocks.".Length..], out var k) && k >= 0
            && (parts.Length == 1 || (parts.Length == 2 && parts[1] == ClassToken)))
        {
            if (depth is { } d && k >= d)
                throw new ArgumentException($"--layer {layer}: the ViT has {d} blocks (blocks.0 to blocks.{d - 1}).");
            return (parts[0], parts.Length == 2);
        }
        throw new ArgumentException($"--layer '{layer}' is not one of cls, mean, blocks.K or blocks.K:cls (K a block index from 0).");
    }

    /// <summary>Stimuli x hidden-dim features of <paramref name="model"/> (images converted to its 28 x 28 grey input, Fashion-MNIST normalisation).</summary>
    public static Matrix<double> Extract(VisionTransformer model, string layer, ImageBatch stimuli, CancellationToken cancellationToken = default)
    {
        var (module, cls) = Parse(layer, model.Depth);
        using var source = new TorchActivationSource("vit", model, InputShape.FashionMnist, FashionMnist.Normalization);
        var flat = source.GetActivations(stimuli, [module], cancellationToken)[module]; // stimuli x (tokens * dim)
        int dim = (int)model.EmbedDim, tokens = (int)model.Tokens;
        if (flat.ColumnCount != dim * tokens)
            throw new InvalidOperationException($"{module} gave {flat.ColumnCount} values per image, not {tokens} tokens x {dim}.");
        return Matrix<double>.Build.Dense(flat.RowCount, dim, (i, j) =>
        {
            if (cls) return flat[i, j];
            double sum = 0;
            for (var t = 0; t < tokens; t++) sum += flat[i, t * dim + j];
            return sum / tokens;
        });
    }
}
