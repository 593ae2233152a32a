using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using VvsNotebook.Metrics.Numerics;

namespace VvsNotebook.Metrics.Regression;

/// <summary>
/// Partial least squares regression by NIPALS, numerically the same as scikit-learn's
/// <c>PLSRegression(n_components, scale=False, max_iter, tol)</c> (Brain-Score's neural mapping uses 25 components).
/// </summary>
/// <remarks>
/// scikit-learn deflates the n x p feature matrix after every component and runs each power iteration over it.
/// Here the iteration runs on the p x q cross-covariance C = Xk^T Yk, deflated as C - (t't) p q^T, and on its
/// q x q Gram C^T C, which is algebraically the same sequence of weight vectors (so the same iteration counts and the
/// same loose convergence), while the feature matrix is touched twice per component and never modified.
/// </remarks>
public sealed record PlsRegression(int NComponents = 25, int MaxIterations = 500, double Tolerance = 1e-6) : IRegression
{
    public string Name => "pls";

    IRegressionFit IRegression.Fit(Matrix<double> x, Matrix<double> y, CancellationToken cancellationToken) =>
        Fit(x, y, cancellationToken);

    public PlsFit Fit(Matrix<double> x, Matrix<double> y, CancellationToken cancellationToken = default)
    {
        Guard.SameRows(x, "X", y, "Y");
        Guard.Finite(x, "X");
        Guard.Finite(y, "Y");
        CheckShape(x.RowCount, x.ColumnCount);
        Guard.NotAllConstant(x, "X");
        var n = x.RowCount;
        var (xc, xMean) = ColumnMajor.TakeRowsCentered(ColumnMajor.Values(x), n, x.ColumnCount, Enumerable.Range(0, n).ToArray());
        var (yc, yMean) = ColumnMajor.TakeRowsCentered(ColumnMajor.Values(y), n, y.ColumnCount, Enumerable.Range(0, n).ToArray());
        var c = ColumnMajor.TransposeMultiply(xc, n, x.ColumnCount, yc, y.ColumnCount);
        return FitCentered(new DenseCenteredFeatures(xc, n, x.ColumnCount), yc, y.ColumnCount, c, xMean, yMean, cancellationToken);
    }

    internal void CheckShape(int n, int p)
    {
        if (NComponents < 1) throw new ArgumentOutOfRangeException(nameof(NComponents), "PLS needs at least one component.");
        if (NComponents > p)
            throw new ArgumentException($"PLS with {NComponents} components needs at least {NComponents} features; got {p}.");
        if (n <= NComponents)
            throw new ArgumentException(
                $"PLS with {NComponents} components needs more than {NComponents} training stimuli; got {n}. Use fewer components or more stimuli.");
    }

    /// <summary>
    /// NIPALS on centered features (seen through products), centered targets <paramref name="yc"/> (n x q, column
    /// major) and their cross-product <paramref name="c"/> = Xc^T Yc (p x q, column major, consumed).
    /// </summary>
    internal PlsFit FitCentered(ICenteredFeatures x, double[] yc, int q, double[] c, double[] xMean, double[] yMean,
        CancellationToken cancellationToken)
    {
        var n = x.Rows; var p = x.Columns;
        CheckShape(n, p);
        var yk = (double[])yc.Clone();
        var m = ColumnMajor.TransposeMultiply(c, p, q, c, q); // q x q Gram of C
        var w = new List<double[]>(); var loadX = new List<double[]>(); var loadY = new List<double[]>();
        var scores = new List<double[]>(); var iterations = new List<int>();
        var eps = Math.Pow(2, -52);
        var t = new double[n]; var xtT = new double[p];

        for (var k = 0; k < NComponents; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // scikit-learn zeroes target columns whose residual is numerically zero.
            for (var j = 0; j < q; j++)
            {
                var col = yk.AsSpan(j * n, n);
                if (Math.Abs(TensorPrimitives.MaxMagnitude(col)) < 10 * eps)
                {
                    col.Clear();
                    c.AsSpan(j * p, p).Clear();
                    for (var i = 0; i < q; i++) { m[i + j * q] = 0; m[j + i * q] = 0; }
                }
            }
            var j0 = -1;
            for (var j = 0; j < q && j0 < 0; j++)
                if (Math.Abs(TensorPrimitives.MaxMagnitude(yk.AsSpan(j * n, n))) > eps) j0 = j;
            if (j0 < 0) break; // "Y residual is constant": scikit-learn stops adding components here.

            var (v, iters) = PowerIteration(m, q, j0);
            iterations.Add(iters);
            var wk = new double[p];
            for (var j = 0; j < q; j++)
                if (v[j] != 0) TensorPrimitives.MultiplyAdd(c.AsSpan(j * p, p), v[j], wk, wk);
            TensorPrimitives.Divide(wk, TensorPrimitives.Norm(wk) + eps, wk);
            var big = TensorPrimitives.IndexOfMaxMagnitude(wk);
            if (wk[big] < 0) TensorPrimitives.Negate(wk, wk);

            // t = Xk w with Xk = Xc - T P^T.
            x.Multiply(wk, t);
            for (var l = 0; l < w.Count; l++)
                TensorPrimitives.MultiplyAdd(scores[l], -TensorPrimitives.Dot(loadX[l], wk), t, t);
            var tt = TensorPrimitives.Dot(t, t);
            if (!(tt > 0))
                throw new InvalidOperationException($"PLS component {k + 1} has zero variance: the features cannot explain more of the targets.");
            // p = Xk^T t / t't.
            x.TransposeMultiply(t, xtT);
            for (var l = 0; l < w.Count; l++)
                TensorPrimitives.MultiplyAdd(loadX[l], -TensorPrimitives.Dot(scores[l], t), xtT, xtT);
            var pk = new double[p];
            TensorPrimitives.Divide(xtT, tt, pk);
            var qk = new double[q];
            for (var j = 0; j < q; j++) qk[j] = TensorPrimitives.Dot(yk.AsSpan(j * n, n), t) / tt;
            for (var j = 0; j < q; j++) TensorPrimitives.MultiplyAdd(t, -qk[j], yk.AsSpan(j * n, n), yk.AsSpan(j * n, n));

            // Deflate C and its Gram: C' = C - s p q^T, M' = M - s(q a^T + a q^T) + s^2 (p'p) q q^T with a = C^T p.
            var a = new double[q];
            for (var j = 0; j < q; j++) a[j] = TensorPrimitives.Dot(c.AsSpan(j * p, p), pk);
            for (var j = 0; j < q; j++)
                if (qk[j] != 0) TensorPrimitives.MultiplyAdd(pk, -tt * qk[j], c.AsSpan(j * p, p), c.AsSpan(j * p, p));
            var pp = TensorPrimitives.Dot(pk, pk);
            for (var j = 0; j < q; j++)
                for (var i = 0; i < q; i++)
                    m[i + j * q] += -tt * (qk[i] * a[j] + a[i] * qk[j]) + tt * tt * pp * qk[i] * qk[j];

            w.Add(wk); loadX.Add(pk); loadY.Add(qk); scores.Add((double[])t.Clone());
        }
        if (w.Count == 0) throw new InvalidOperationException("PLS found no component: the targets are constant.");

        var kk = w.Count;
        var W = DenseMatrix.Create(p, kk, (i, j) => w[j][i]);
        var P = DenseMatrix.Create(p, kk, (i, j) => loadX[j][i]);
        var Q = DenseMatrix.Create(q, kk, (i, j) => loadY[j][i]);
        var rotations = (DenseMatrix)(W * (P.TransposeThisAndMultiply(W)).PseudoInverse());
        var coef = (DenseMatrix)rotations.TransposeAndMultiply(Q);
        return new PlsFit(DenseVector.OfArray(xMean), DenseVector.OfArray(yMean), coef, W, P, Q, iterations);
    }

    /// <summary>
    /// The NIPALS weight iteration w_{i+1} ∝ C C^T w_i started at w_0 ∝ C e_j0, carried in target space v_i (w_i ∝ C v_i)
    /// with M = C^T C, stopping like scikit-learn when ||w_i - w_{i-1}||^2 &lt; tol (or at once for one target).
    /// </summary>
    private (double[] V, int Iterations) PowerIteration(double[] m, int q, int j0)
    {
        var v = new double[q]; v[j0] = 1;
        var mv = new double[q];
        MultiplySym(m, q, v, mv);
        var norm = Math.Sqrt(TensorPrimitives.Dot(v, mv));
        if (q == 1) return (v, 1);
        for (var i = 1; i < MaxIterations; i++)
        {
            var next = new double[q];
            TensorPrimitives.Divide(mv, TensorPrimitives.Norm(mv), next);
            var mNext = new double[q];
            MultiplySym(m, q, next, mNext);
            var normNext = Math.Sqrt(TensorPrimitives.Dot(next, mNext));
            var cos = TensorPrimitives.Dot(next, mv) / (normNext * norm);
            var diff = 2 - 2 * cos;
            v = next; mv = mNext; norm = normNext;
            if (diff < Tolerance) return (v, i + 1);
        }
        return (v, MaxIterations);
    }

    private static void MultiplySym(double[] m, int q, double[] v, double[] result)
    {
        Array.Clear(result);
        for (var j = 0; j < q; j++)
            if (v[j] != 0) TensorPrimitives.MultiplyAdd(m.AsSpan(j * q, q), v[j], result, result);
    }
}

/// <summary>A fitted PLS regression: predictions are (X - XMean) Coefficients + YMean.</summary>
public sealed record PlsFit(
    Vector<double> XMean, Vector<double> YMean, Matrix<double> Coefficients,
    Matrix<double> XWeights, Matrix<double> XLoadings, Matrix<double> YLoadings, IReadOnlyList<int> Iterations) : IRegressionFit
{
    public int Components => XWeights.ColumnCount;

    public Matrix<double> Predict(Matrix<double> x)
    {
        if (x.ColumnCount != XMean.Count)
            throw new ArgumentException($"X has {x.ColumnCount} features but the PLS model was fit on {XMean.Count}.", nameof(x));
        Guard.Finite(x, "X");
        return ColumnMajor.AffinePredict(x, XMean, Coefficients, YMean);
    }
}
