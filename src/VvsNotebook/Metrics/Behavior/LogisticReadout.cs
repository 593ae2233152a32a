using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using MathNet.Numerics.Optimization;
using VvsNotebook.Metrics.Numerics;

namespace VvsNotebook.Metrics.Behavior;

/// <summary>
/// Brain-Score's behavioural readout: <c>StandardScaler</c> then multinomial L2 logistic regression with an
/// unpenalised intercept (scikit-learn <c>LogisticRegression(multi_class='multinomial', C=1e-3)</c>). The objective
/// Σ_i -log p(y_i | x_i) + ||W||² / (2C) is strictly convex in W, so any accurate optimiser reaches the same
/// probabilities; L-BFGS is used here.
/// </summary>
public sealed record LogisticReadout(double C = 1e-3, int MaxIterations = 1000, double GradientTolerance = 1e-8)
{
    public LogisticReadoutFit Fit(Matrix<double> features, IReadOnlyList<string> labels, CancellationToken cancellationToken = default)
    {
        if (labels.Count != features.RowCount)
            throw new ArgumentException($"Got {labels.Count} labels for {features.RowCount} stimuli.");
        Guard.Finite(features, "features");
        if (!(C > 0)) throw new ArgumentException($"C must be positive; got {C}.");
        // Class order = order of first appearance (Brain-Score's label_indices).
        var classes = labels.Distinct().ToArray();
        if (classes.Length < 2) throw new ArgumentException("A readout needs at least 2 classes.");
        var n = features.RowCount; var d = features.ColumnCount; var k = classes.Length;
        var index = classes.Select((c, i) => (c, i)).ToDictionary(t => t.c, t => t.i);
        var y = labels.Select(l => index[l]).ToArray();

        var (xs, mean) = ColumnMajor.TakeRowsCentered(ColumnMajor.Values(features), n, d, Enumerable.Range(0, n).ToArray());
        var scale = new double[d];
        for (var j = 0; j < d; j++)
        {
            var col = xs.AsSpan(j * n, n);
            var sd = Math.Sqrt(TensorPrimitives.Dot(col, col) / n);
            scale[j] = sd == 0 ? 1 : sd; // StandardScaler leaves constant features at zero
            TensorPrimitives.Divide(col, scale[j], col);
        }
        var rowMajor = new DenseMatrix(n, d, xs).ToRowMajorArray();

        var objective = ObjectiveFunction.Gradient(theta =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var t = ((DenseVector)theta).Values;
            var w = t.AsSpan(0, d * k).ToArray(); // d x k column-major
            var probs = Probabilities(rowMajor, n, d, k, w, t.AsSpan(d * k, k));
            double loss = 0;
            for (var i = 0; i < n; i++) loss -= Math.Log(Math.Max(probs[i + y[i] * n], 1e-300));
            loss += TensorPrimitives.Dot(w, w) / (2 * C);
            for (var i = 0; i < n; i++) probs[i + y[i] * n] -= 1;
            var grad = new double[d * k + k];
            var gw = ColumnMajor.TransposeMultiply(xs, n, d, probs, k);
            for (var g = 0; g < d * k; g++) grad[g] = gw[g] + w[g] / C;
            for (var c = 0; c < k; c++) grad[d * k + c] = TensorPrimitives.Sum(probs.AsSpan(c * n, n));
            return (loss, DenseVector.OfArray(grad));
        });
        var minimizer = new LimitedMemoryBfgsMinimizer(GradientTolerance, 1e-12, 1e-14, 10, MaxIterations);
        MinimizationResult result;
        try { result = minimizer.FindMinimum(objective, new DenseVector(d * k + k)); }
        catch (MaximumIterationsException e)
        {
            throw new InvalidOperationException($"The logistic readout did not converge in {MaxIterations} iterations.", e);
        }
        var theta = ((DenseVector)result.MinimizingPoint).Values;
        return new LogisticReadoutFit(classes, mean, scale, theta[..(d * k)], theta[(d * k)..]);
    }

    /// <summary>Softmax probabilities (n x k, column-major) of standardized row-major features.</summary>
    internal static double[] Probabilities(double[] rowMajor, int n, int d, int k, double[] w, ReadOnlySpan<double> b)
    {
        var logits = ColumnMajor.TransposeMultiply(rowMajor, d, n, w, k); // n x k
        var row = new double[k];
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < k; c++) row[c] = logits[i + c * n] + b[c];
            var max = TensorPrimitives.Max(row);
            double sum = 0;
            for (var c = 0; c < k; c++) { row[c] = Math.Exp(row[c] - max); sum += row[c]; }
            for (var c = 0; c < k; c++) logits[i + c * n] = row[c] / sum;
        }
        return logits;
    }
}

/// <summary>A fitted readout; <see cref="PredictProbabilities"/> gives images x classes in <see cref="Classes"/> order.</summary>
public sealed record LogisticReadoutFit(IReadOnlyList<string> Classes, double[] Mean, double[] Scale, double[] Weights, double[] Intercepts)
{
    public Matrix<double> PredictProbabilities(Matrix<double> features)
    {
        if (features.ColumnCount != Mean.Length)
            throw new ArgumentException($"Features have {features.ColumnCount} columns; the readout was fit on {Mean.Length}.");
        Guard.Finite(features, "features");
        var n = features.RowCount; var d = Mean.Length;
        var rows = features.ToRowMajorArray();
        for (var i = 0; i < n; i++)
        {
            var r = rows.AsSpan(i * d, d);
            TensorPrimitives.Subtract(r, Mean, r);
            TensorPrimitives.Divide(r, Scale, r);
        }
        return new DenseMatrix(n, Classes.Count, LogisticReadout.Probabilities(rows, n, d, Classes.Count, Weights, Intercepts));
    }
}
