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

    /// <summary>NIPALS on centered features seen through products; <paramref name="c"/> = Xc^T Yc is consumed.</summary>
    internal PlsFit FitCentered(ICenteredFeatures x, double[] yc, int q, double[] c, double[] xMean, double[] yMean,
        CancellationToken cancellationToken)
    {
        var state = new NipalsState(this, x.Rows, x.Columns, yc, q, c);
        var t = new double[x.Rows]; var r = new double[x.Columns];
        while (state.NextWeights() is { } w)
        {
            cancellationToken.ThrowIfCancellationRequested();
            x.Multiply(w, t);
            x.TransposeMultiply(state.AcceptProjection(t), r);
            state.AcceptBackProjection(r);
        }
        return state.Finish(xMean, yMean);
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
