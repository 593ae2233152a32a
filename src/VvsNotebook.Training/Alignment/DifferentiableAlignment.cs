using VvsNotebook.Metrics.CrossValidation;
using static TorchSharp.torch;

namespace VvsNotebook.Training.Alignment;

/// <summary>
/// The project's alignment metrics as torch graphs, so gradients flow into a network's layer:
/// <see cref="LinearAlignment"/> is <see cref="Metrics.Similarity.LinearAlignment"/> (fixed-penalty ridge with
/// intercept, scikit-learn's uniform-average R^2 on each held-out fold, averaged over folds and both directions) and
/// <see cref="LinearCka"/> is <see cref="Metrics.Similarity.LinearCka"/>. In float64 they give the metrics' values to
/// rounding; the ridge is solved in closed form (in the dual when a fold has fewer rows than features).
/// </summary>
public static class DifferentiableAlignment
{
    /// <summary>Symmetrised cross-validated ridge R^2 between <paramref name="a"/> and <paramref name="b"/> (rows: the same stimuli).</summary>
    public static Tensor LinearAlignment(Tensor a, Tensor b, IReadOnlyList<Split> splits, double ridgeAlpha = 1.0)
    {
        CheckPair(a, b);
        if (splits.Count == 0) throw new ArgumentException("Give at least one train/test split.", nameof(splits));
        if (!(ridgeAlpha > 0)) throw new ArgumentException($"Ridge penalty must be positive; got {ridgeAlpha}.", nameof(ridgeAlpha));
        return (Direction(a, b, splits, ridgeAlpha) + Direction(b, a, splits, ridgeAlpha)) / 2;
    }

    /// <summary>Mean over <paramref name="splits"/> of the held-out R^2 of a ridge predicting <paramref name="to"/> from <paramref name="from"/>.</summary>
    public static Tensor Direction(Tensor from, Tensor to, IReadOnlyList<Split> splits, double ridgeAlpha)
    {
        Tensor? sum = null;
        foreach (var split in splits)
        {
            var train = Rows(split.Train, from.device);
            var test = Rows(split.Test, from.device);
            var pred = RidgePredict(from.index_select(0, train), to.index_select(0, train), from.index_select(0, test), ridgeAlpha);
            var r2 = R2(to.index_select(0, test), pred);
            sum = sum is null ? r2 : sum + r2;
        }
        return sum! / splits.Count;
    }

    /// <summary>
    /// scikit-learn's <c>Ridge(alpha).fit(xTrain, yTrain).predict(xTest)</c>: centred by the training means, coefficients
    /// (X'X + aI)^-1 X'Y, or X'(XX' + aI)^-1 Y when the training rows are fewer than the features.
    /// </summary>
    public static Tensor RidgePredict(Tensor xTrain, Tensor yTrain, Tensor xTest, double ridgeAlpha)
    {
        var xMean = xTrain.mean([0], keepdim: true);
        var yMean = yTrain.mean([0], keepdim: true);
        var xc = xTrain - xMean;
        var yc = yTrain - yMean;
        long n = xc.shape[0], p = xc.shape[1];
        var xt = xTest - xMean;
        if (n < p)
        {
            var gram = xc.matmul(xc.t()) + eye(n, dtype: xc.dtype, device: xc.device) * ridgeAlpha;
            var dual = linalg.solve(gram, yc);
            return xt.matmul(xc.t()).matmul(dual) + yMean;
        }
        var cov = xc.t().matmul(xc) + eye(p, dtype: xc.dtype, device: xc.device) * ridgeAlpha;
        return xt.matmul(linalg.solve(cov, xc.t().matmul(yc))) + yMean;
    }

    /// <summary>scikit-learn's <c>r2_score(multioutput='uniform_average')</c>: a constant target column scores 1 if predicted exactly, else 0.</summary>
    public static Tensor R2(Tensor truth, Tensor pred)
    {
        var sse = (truth - pred).pow(2).sum(dim: 0L);
        var sst = (truth - truth.mean([0], keepdim: true)).pow(2).sum(dim: 0L);
        var varying = sst.gt(0);
        var perColumn = where(varying, 1 - sse / where(varying, sst, ones_like(sst)),
            where(sse.eq(0), ones_like(sse), zeros_like(sse)));
        return perColumn.mean();
    }

    /// <summary>
    /// Linear CKA (Kornblith et al. 2019), ||Xc'Yc||_F^2 / (||Xc'Xc||_F ||Yc'Yc||_F), through the feature or the
    /// stimulus Grams, whichever is smaller (the metric's rule, so both round alike).
    /// </summary>
    public static Tensor LinearCka(Tensor x, Tensor y)
    {
        CheckPair(x, y);
        var xc = x - x.mean([0], keepdim: true);
        var yc = y - y.mean([0], keepdim: true);
        long n = x.shape[0], px = x.shape[1], py = y.shape[1];
        Tensor hsic, nx, ny;
        if (px * py + px * px + py * py <= 3 * n * n)
        {
            hsic = xc.t().matmul(yc).pow(2).sum();
            nx = xc.t().matmul(xc).pow(2).sum().sqrt();
            ny = yc.t().matmul(yc).pow(2).sum().sqrt();
        }
        else
        {
            var kx = xc.matmul(xc.t());
            var ky = yc.matmul(yc.t());
            hsic = (kx * ky).sum();
            nx = kx.pow(2).sum().sqrt();
            ny = ky.pow(2).sum().sqrt();
        }
        return hsic / (nx * ny);
    }

    /// <summary>Indices of the columns of <paramref name="x"/> that vary over its rows (the metrics refuse constant ones).</summary>
    public static Tensor VaryingColumns(Tensor x)
    {
        using var _ = no_grad();
        var detached = x.detach();
        return detached.amax([0]).gt(detached.amin([0])).nonzero().flatten();
    }

    private static Tensor Rows(IReadOnlyList<int> rows, Device device) => tensor(rows.Select(i => (long)i).ToArray(), device: device);

    private static void CheckPair(Tensor a, Tensor b)
    {
        if (a.dim() != 2 || b.dim() != 2) throw new ArgumentException($"Representations must be 2-d (stimuli x features); got {a.dim()}-d and {b.dim()}-d.");
        if (a.shape[0] != b.shape[0]) throw new ArgumentException($"Representations must have the same stimuli (rows); got {a.shape[0]} and {b.shape[0]}.");
        if (a.dtype != b.dtype) throw new ArgumentException($"Representations must have one element type; got {a.dtype} and {b.dtype}.");
    }
}
