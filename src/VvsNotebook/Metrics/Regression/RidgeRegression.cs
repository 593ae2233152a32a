using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using VvsNotebook.Metrics.Numerics;

namespace VvsNotebook.Metrics.Regression;

/// <summary>
/// Ridge regression with an unpenalised intercept and the penalty chosen by efficient leave-one-out error, as
/// scikit-learn's <c>RidgeCV(alphas, fit_intercept=True)</c> (one shared alpha for all targets). The design is
/// decomposed once (eigen-decomposition of the n x n Gram when n &lt;= p, otherwise of the (p+1) x (p+1) one) and
/// every alpha is then evaluated in closed form.
/// </summary>
public sealed record RidgeRegression : IRegression
{
    public RidgeRegression(IReadOnlyList<double>? alphas = null) => Alphas = alphas ?? DefaultAlphas;

    /// <summary>10^-3 .. 10^5, one per decade.</summary>
    public static IReadOnlyList<double> DefaultAlphas { get; } = Enumerable.Range(-3, 9).Select(e => Math.Pow(10, e)).ToArray();

    public IReadOnlyList<double> Alphas { get; init; }

    public string Name => "ridge";

    IRegressionFit IRegression.Fit(Matrix<double> x, Matrix<double> y, CancellationToken cancellationToken) => Fit(x, y, cancellationToken);

    public RidgeFit Fit(Matrix<double> x, Matrix<double> y, CancellationToken cancellationToken = default)
    {
        if (Alphas.Count == 0) throw new ArgumentException("RidgeCV needs at least one alpha.");
        foreach (var a in Alphas)
            if (!(a > 0)) throw new ArgumentException($"Ridge penalties must be positive; got {a}.");
        Guard.SameRows(x, "X", y, "Y");
        Guard.Finite(x, "X"); Guard.Finite(y, "Y");
        var n = x.RowCount; var p = x.ColumnCount; var q = y.ColumnCount;
        if (n < 3) throw new ArgumentException($"Ridge with leave-one-out needs at least 3 stimuli; got {n}.");
        var all = Enumerable.Range(0, n).ToArray();
        var (xc, xMean) = ColumnMajor.TakeRowsCentered(ColumnMajor.Values(x), n, p, all);
        var (yc, yMean) = ColumnMajor.TakeRowsCentered(ColumnMajor.Values(y), n, q, all);

        // Orthonormal basis U (n x r) of the column space of [Xc, 1] with squared singular values s2.
        var (u, s2) = Decompose(xc, n, p, cancellationToken);
        var r = s2.Length;
        var ones = Enumerable.Repeat(1 / Math.Sqrt(n), n).ToArray();
        var interceptDim = 0; var best = -1.0;
        for (var k = 0; k < r; k++)
        {
            var cos = Math.Abs(TensorPrimitives.Dot(u.AsSpan(k * n, n), ones));
            if (cos > best) { best = cos; interceptDim = k; }
        }
        var uty = ColumnMajor.TransposeMultiply(u, n, r, yc, q); // r x q

        double bestScore = double.NegativeInfinity; var bestAlpha = Alphas[0]; double[]? bestC = null;
        var scores = new double[Alphas.Count];
        for (var ai = 0; ai < Alphas.Count; ai++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var alpha = Alphas[ai];
            var w = new double[r];
            for (var k = 0; k < r; k++) w[k] = 1 / (s2[k] + alpha) - 1 / alpha;
            w[interceptDim] = -1 / alpha;
            // G^-1 = U diag(w) U^T + I/alpha; c = G^-1 y; LOO residual_i = c_i / (G^-1)_ii.
            var gDiag = new double[n];
            for (var k = 0; k < r; k++)
                for (var i = 0; i < n; i++) gDiag[i] += w[k] * u[i + k * n] * u[i + k * n];
            for (var i = 0; i < n; i++) gDiag[i] += 1 / alpha;
            var c = new double[n * q];
            var scaled = new double[r];
            double sq = 0;
            for (var j = 0; j < q; j++)
            {
                for (var k = 0; k < r; k++) scaled[k] = w[k] * uty[k + j * r];
                var cj = c.AsSpan(j * n, n);
                ColumnMajor.Multiply(u, n, r, scaled, cj);
                TensorPrimitives.MultiplyAdd(yc.AsSpan(j * n, n), 1 / alpha, cj, cj);
                for (var i = 0; i < n; i++) { var e = cj[i] / gDiag[i]; sq += e * e; }
            }
            scores[ai] = -sq / ((double)n * q);
            if (scores[ai] > bestScore) { bestScore = scores[ai]; bestAlpha = alpha; bestC = c; }
        }
        var coef = ColumnMajor.TransposeMultiply(xc, n, p, bestC!, q); // p x q = Xc^T c
        return new RidgeFit(bestAlpha, scores, Alphas, DenseVector.OfArray(xMean), DenseVector.OfArray(yMean), new DenseMatrix(p, q, coef));
    }

    private static (double[] U, double[] S2) Decompose(double[] xc, int n, int p, CancellationToken ct)
    {
        if (n <= p)
        {
            // K = Xc Xc^T + 1 1^T; its eigenvectors span R^n.
            var rowMajor = new DenseMatrix(n, p, xc).ToRowMajorArray();
            var k = ColumnMajor.TransposeMultiply(rowMajor, p, n, rowMajor, n);
            for (var i = 0; i < k.Length; i++) k[i] += 1;
            ct.ThrowIfCancellationRequested();
            var evd = new DenseMatrix(n, n, k).Evd(Symmetricity.Symmetric);
            return (((DenseMatrix)evd.EigenVectors).Values, evd.EigenValues.Select(v => Math.Max(0, v.Real)).ToArray());
        }
        var a = new double[n * (p + 1)];
        Array.Copy(xc, a, xc.Length);
        Array.Fill(a, 1.0, n * p, n);
        var g = ColumnMajor.TransposeMultiply(a, n, p + 1, a, p + 1);
        ct.ThrowIfCancellationRequested();
        var e = new DenseMatrix(p + 1, p + 1, g).Evd(Symmetricity.Symmetric);
        var vals = e.EigenValues.Select(v => v.Real).ToArray();
        var keep = Enumerable.Range(0, p + 1).Where(i => vals[i] > 1e-12 * vals.Max()).ToArray();
        var v = (DenseMatrix)e.EigenVectors;
        var u = new double[n * keep.Length];
        for (var kk = 0; kk < keep.Length; kk++)
        {
            var col = u.AsSpan(kk * n, n);
            ColumnMajor.Multiply(a, n, p + 1, v.Column(keep[kk]).ToArray(), col);
            TensorPrimitives.Divide(col, Math.Sqrt(vals[keep[kk]]), col);
        }
        return (u, keep.Select(i => vals[i]).ToArray());
    }
}

/// <summary>A fitted ridge model with the penalty picked by leave-one-out error.</summary>
public sealed record RidgeFit(double Alpha, IReadOnlyList<double> LooScores, IReadOnlyList<double> Alphas,
    Vector<double> XMean, Vector<double> YMean, Matrix<double> Coefficients) : IRegressionFit
{
    public Matrix<double> Predict(Matrix<double> x)
    {
        if (x.ColumnCount != XMean.Count)
            throw new ArgumentException($"X has {x.ColumnCount} features but the ridge model was fit on {XMean.Count}.", nameof(x));
        Guard.Finite(x, "X");
        return ColumnMajor.AffinePredict(x, XMean, Coefficients, YMean);
    }
}

/// <summary>Ridge with one fixed penalty (scikit-learn's <c>Ridge(alpha)</c>), solved in the smaller of the two Gram spaces.</summary>
public sealed record FixedRidgeRegression(double Alpha = 1.0) : IRegression
{
    public string Name => "ridge-fixed";

    public IRegressionFit Fit(Matrix<double> x, Matrix<double> y, CancellationToken cancellationToken = default)
    {
        if (!(Alpha > 0)) throw new ArgumentException($"Ridge penalty must be positive; got {Alpha}.");
        Guard.SameRows(x, "X", y, "Y");
        Guard.Finite(x, "X"); Guard.Finite(y, "Y");
        var n = x.RowCount; var p = x.ColumnCount; var q = y.ColumnCount;
        var all = Enumerable.Range(0, n).ToArray();
        var (xc, xMean) = ColumnMajor.TakeRowsCentered(ColumnMajor.Values(x), n, p, all);
        var (yc, yMean) = ColumnMajor.TakeRowsCentered(ColumnMajor.Values(y), n, q, all);
        var xm = new DenseMatrix(n, p, xc); var ym = new DenseMatrix(n, q, yc);
        Matrix<double> coef;
        if (n < p)
        {
            var rowMajor = xm.ToRowMajorArray();
            var k = new DenseMatrix(n, n, ColumnMajor.TransposeMultiply(rowMajor, p, n, rowMajor, n));
            for (var i = 0; i < n; i++) k[i, i] += Alpha;
            var dual = k.Cholesky().Solve(ym);
            coef = new DenseMatrix(p, q, ColumnMajor.TransposeMultiply(xc, n, p, ColumnMajor.Values(dual), q));
        }
        else
        {
            var g = new DenseMatrix(p, p, ColumnMajor.TransposeMultiply(xc, n, p, xc, p));
            for (var i = 0; i < p; i++) g[i, i] += Alpha;
            coef = g.Cholesky().Solve(new DenseMatrix(p, q, ColumnMajor.TransposeMultiply(xc, n, p, yc, q)));
        }
        return new RidgeFit(Alpha, [double.NaN], [Alpha], DenseVector.OfArray(xMean), DenseVector.OfArray(yMean), coef);
    }
}
