using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra.Double;

namespace VvsNotebook.Metrics.Regression;

/// <summary>
/// One NIPALS fit advanced component by component, with the two products that touch the feature matrix
/// (t = Xc w and Xc^T t) supplied from outside. That lets many cross-validation splits share one pass over a common
/// feature matrix per component (a skinny matrix-matrix product) instead of one pass per split.
/// </summary>
internal sealed class NipalsState
{
    private readonly PlsRegression _options;
    private readonly int _n, _p, _q;
    private readonly double[] _yk, _c, _m;
    private readonly List<double[]> _w = [], _loadX = [], _loadY = [], _scores = [];
    private readonly List<int> _iterations = [];
    private double[]? _pendingW, _pendingT;
    private static readonly double Eps = Math.Pow(2, -52);

    /// <summary>Starts a fit of n stimuli, p features and q targets from centered targets <c>yc</c> (n x q,
    /// column-major, copied) and their cross-product <c>c</c> = Xc^T Yc (p x q, column-major, consumed).</summary>
    public NipalsState(PlsRegression options, int n, int p, double[] yc, int q, double[] c)
    {
        options.CheckShape(n, p);
        _options = options; _n = n; _p = p; _q = q;
        _yk = (double[])yc.Clone();
        _c = c;
        _m = Numerics.ColumnMajor.TransposeMultiply(c, p, q, c, q);
    }

    public bool Done { get; private set; }
    public int Components => _w.Count;

    /// <summary>The next weight vector w (length p), or null when no further component exists.</summary>
    public double[]? NextWeights()
    {
        if (Done || _w.Count == _options.NComponents) { Done = true; return null; }
        int n = _n, p = _p, q = _q;
        // scikit-learn zeroes target columns whose residual is numerically zero.
        for (var j = 0; j < q; j++)
        {
            var col = _yk.AsSpan(j * n, n);
            if (Math.Abs(TensorPrimitives.MaxMagnitude(col)) < 10 * Eps)
            {
                col.Clear();
                _c.AsSpan(j * p, p).Clear();
                for (var i = 0; i < q; i++) { _m[i + j * q] = 0; _m[j + i * q] = 0; }
            }
        }
        var j0 = -1;
        for (var j = 0; j < q && j0 < 0; j++)
            if (Math.Abs(TensorPrimitives.MaxMagnitude(_yk.AsSpan(j * n, n))) > Eps) j0 = j;
        if (j0 < 0) { Done = true; return null; } // "Y residual is constant": scikit-learn stops here.

        var (v, iters) = PowerIteration(j0);
        _iterations.Add(iters);
        var w = new double[p];
        for (var j = 0; j < q; j++)
            if (v[j] != 0) TensorPrimitives.MultiplyAdd(_c.AsSpan(j * p, p), v[j], w, w);
        TensorPrimitives.Divide(w, TensorPrimitives.Norm(w) + Eps, w);
        if (w[TensorPrimitives.IndexOfMaxMagnitude(w)] < 0) TensorPrimitives.Negate(w, w);
        _pendingW = w;
        return w;
    }

    /// <summary>Takes Xc w (length n) and returns the deflated score t = Xk w, whose Xc^T t is needed next.</summary>
    public double[] AcceptProjection(ReadOnlySpan<double> xw)
    {
        var w = _pendingW ?? throw new InvalidOperationException("NextWeights must come first.");
        var t = xw.ToArray();
        for (var l = 0; l < _w.Count; l++)
            TensorPrimitives.MultiplyAdd(_scores[l], -TensorPrimitives.Dot(_loadX[l], w), t, t);
        if (!(TensorPrimitives.Dot(t, t) > 0))
            throw new InvalidOperationException($"PLS component {_w.Count + 1} has zero variance: the features cannot explain more of the targets.");
        _pendingT = t;
        return t;
    }

    /// <summary>Takes Xc^T t (length p) and deflates.</summary>
    public void AcceptBackProjection(ReadOnlySpan<double> xtT)
    {
        var w = _pendingW!; var t = _pendingT ?? throw new InvalidOperationException("AcceptProjection must come first.");
        int n = _n, p = _p, q = _q;
        var tt = TensorPrimitives.Dot(t, t);
        var pk = xtT.ToArray();
        for (var l = 0; l < _w.Count; l++)
            TensorPrimitives.MultiplyAdd(_loadX[l], -TensorPrimitives.Dot(_scores[l], t), pk, pk);
        TensorPrimitives.Divide(pk, tt, pk);
        var qk = new double[q];
        for (var j = 0; j < q; j++) qk[j] = TensorPrimitives.Dot(_yk.AsSpan(j * n, n), t) / tt;
        for (var j = 0; j < q; j++) TensorPrimitives.MultiplyAdd(t, -qk[j], _yk.AsSpan(j * n, n), _yk.AsSpan(j * n, n));

        // C' = C - s p q^T and its Gram M' = M - s(q a^T + a q^T) + s^2 (p'p) q q^T with a = C^T p.
        var a = new double[q];
        for (var j = 0; j < q; j++) a[j] = TensorPrimitives.Dot(_c.AsSpan(j * p, p), pk);
        for (var j = 0; j < q; j++)
            if (qk[j] != 0) TensorPrimitives.MultiplyAdd(pk, -tt * qk[j], _c.AsSpan(j * p, p), _c.AsSpan(j * p, p));
        var pp = TensorPrimitives.Dot(pk, pk);
        for (var j = 0; j < q; j++)
            for (var i = 0; i < q; i++)
                _m[i + j * q] += -tt * (qk[i] * a[j] + a[i] * qk[j]) + tt * tt * pp * qk[i] * qk[j];

        _w.Add(w); _loadX.Add(pk); _loadY.Add(qk); _scores.Add(t);
        _pendingW = null; _pendingT = null;
    }

    public PlsFit Finish(double[] xMean, double[] yMean)
    {
        if (_w.Count == 0) throw new InvalidOperationException("PLS found no component: the targets are constant.");
        var k = _w.Count;
        var W = DenseMatrix.Create(_p, k, (i, j) => _w[j][i]);
        var P = DenseMatrix.Create(_p, k, (i, j) => _loadX[j][i]);
        var Q = DenseMatrix.Create(_q, k, (i, j) => _loadY[j][i]);
        var rotations = W * P.TransposeThisAndMultiply(W).PseudoInverse();
        return new PlsFit(DenseVector.OfArray(xMean), DenseVector.OfArray(yMean), (DenseMatrix)rotations.TransposeAndMultiply(Q), W, P, Q, _iterations.ToArray());
    }

    /// <summary>
    /// The NIPALS weight iteration w_{i+1} ∝ C C^T w_i from w_0 ∝ C e_j0, carried in target space (w_i ∝ C v_i,
    /// M = C^T C), stopping like scikit-learn when ||w_i - w_{i-1}||^2 &lt; tol, or at once for one target.
    /// Returns scikit-learn's n_iter_.
    /// </summary>
    private (double[] V, int Iterations) PowerIteration(int j0)
    {
        var q = _q;
        var v = new double[q]; v[j0] = 1;
        var mv = new double[q];
        MultiplySym(v, mv);
        var norm = Math.Sqrt(TensorPrimitives.Dot(v, mv));
        if (q == 1) return (v, 1);
        for (var i = 1; i < _options.MaxIterations; i++)
        {
            var next = new double[q];
            TensorPrimitives.Divide(mv, TensorPrimitives.Norm(mv), next);
            var mNext = new double[q];
            MultiplySym(next, mNext);
            var normNext = Math.Sqrt(TensorPrimitives.Dot(next, mNext));
            var diff = 2 - 2 * TensorPrimitives.Dot(next, mv) / (normNext * norm);
            v = next; mv = mNext; norm = normNext;
            if (diff < _options.Tolerance) return (v, i + 1);
        }
        return (v, _options.MaxIterations);
    }

    private void MultiplySym(double[] v, double[] result)
    {
        Array.Clear(result);
        for (var j = 0; j < _q; j++)
            if (v[j] != 0) TensorPrimitives.MultiplyAdd(_m.AsSpan(j * _q, _q), v[j], result, result);
    }
}
