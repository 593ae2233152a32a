using VvsNotebook.Activations;
using VvsNotebook.Training.Activations;
using VvsNotebook.Training.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using F = TorchSharp.torch.nn.functional;

namespace VvsNotebook.Training.Alignment;

/// <summary>
/// What of a layer enters the alignment: its output, a convolutional map average-pooled to at most
/// <c>grid</c> x <c>grid</c> positions (0 keeps every position) and to at most <c>maxFeatures</c> values, flattened per image. Pooling keeps the layer's spatial
/// layout at a coarse grain and removes the near-silent single-position units whose per-column R^2 (sklearn's
/// uniform average) is dominated by held-out folds where they barely vary: on Fashion-MNIST's blank borders, rule_cnn's
/// raw conv1 map gives R^2 of -1e5 for such columns.
/// </summary>
public static class AlignmentFeatures
{
    /// <summary>
    /// The largest grid g &lt;= <paramref name="grid"/> with channels x g x g &lt;= <paramref name="maxFeatures"/> (at least
    /// 1 x 1, the channel means): a wide late layer is pooled further than a narrow early one.
    /// </summary>
    public static Tensor Of(Tensor output, int grid, int maxFeatures = DefaultMaxFeatures)
    {
        if (output.dim() != 4 || grid <= 0) return output.flatten(1);
        var g = grid;
        while (g > 1 && output.shape[1] * g * g > maxFeatures) g--;
        return output.shape[2] > g || output.shape[3] > g
            ? F.adaptive_avg_pool2d(output, [Math.Min(g, output.shape[2]), Math.Min(g, output.shape[3])]).flatten(1)
            : output.flatten(1);
    }

    public const int DefaultMaxFeatures = 256;

    /// <summary>The layer's features of <paramref name="images"/> (no gradient, eval mode), images x features, float64.</summary>
    public static MathNet.Numerics.LinearAlgebra.Matrix<double> Extract(Module<Tensor, Tensor> model, string layer, int grid, int maxFeatures, ImageBatch images,
        InputShape input, (float Mean, float Std) normalization, int batchSize = 250, CancellationToken cancellationToken = default)
    {
        var module = AlignmentTrainer.Layer(model, layer);
        Tensor? captured = null;
        var hook = module.register_forward_hook((_, _, output) => { captured = Of(output, grid, maxFeatures).to(ScalarType.Float64).detach(); return output; });
        var rows = new List<double[]>();
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            for (var start = 0; start < images.Count; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(batchSize, images.Count - start);
                using var scope = NewDisposeScope();
                model.call(tensor(TorchActivationSource.Prepare(images, start, count, input, normalization, layer), input.BatchShape(count)));
                var values = captured!.contiguous().data<double>().ToArray();
                var width = values.Length / count;
                for (var i = 0; i < count; i++) rows.Add(values.AsSpan(i * width, width).ToArray());
            }
        }
        finally
        {
            hook.remove();
            model.train(wasTraining);
        }
        return MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(rows.Count, rows[0].Length, (i, j) => rows[i][j]);
    }
}
