using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Display;
using VvsNotebook.Metrics.Numerics;

namespace VvsNotebook.Metrics.Similarity;

/// <summary>
/// Linear centered kernel alignment (Kornblith et al. 2019):
/// ||Xc^T Yc||_F^2 / (||Xc^T Xc||_F ||Yc^T Yc||_F), computed through feature or stimulus Grams, whichever is smaller.
/// </summary>
public static class LinearCka
{
    public static CkaResult Compute(Matrix<double> x, Matrix<double> y)
    {
        Guard.SameRows(x, "X", y, "Y");
        Guard.Finite(x, "X"); Guard.Finite(y, "Y");
        Guard.NotAllConstant(x, "X"); Guard.NotAllConstant(y, "Y");
        var n = x.RowCount; var px = x.ColumnCount; var py = y.ColumnCount;
        var all = Enumerable.Range(0, n).ToArray();
        var (xc, _) = ColumnMajor.TakeRowsCentered(ColumnMajor.Values(x), n, px, all);
        var (yc, _) = ColumnMajor.TakeRowsCentered(ColumnMajor.Values(y), n, py, all);
        double hsic, nx, ny;
        if ((long)px * py + (long)px * px + (long)py * py <= 3L * n * n)
        {
            hsic = SquaredFrobenius(ColumnMajor.TransposeMultiply(xc, n, px, yc, py));
            nx = Math.Sqrt(SquaredFrobenius(ColumnMajor.TransposeMultiply(xc, n, px, xc, px)));
            ny = Math.Sqrt(SquaredFrobenius(ColumnMajor.TransposeMultiply(yc, n, py, yc, py)));
        }
        else
        {
            var kx = Gram(xc, n, px); var ky = Gram(yc, n, py);
            hsic = TensorPrimitives.Dot(kx, ky);
            nx = TensorPrimitives.Norm(kx); ny = TensorPrimitives.Norm(ky);
        }
        return new CkaResult(hsic / (nx * ny));
    }

    private static double[] Gram(double[] c, int n, int p)
    {
        var rowMajor = new MathNet.Numerics.LinearAlgebra.Double.DenseMatrix(n, p, c).ToRowMajorArray();
        return ColumnMajor.TransposeMultiply(rowMajor, p, n, rowMajor, n);
    }

    private static double SquaredFrobenius(double[] m) => TensorPrimitives.Dot(m, m);
}

public sealed record CkaResult(double Cka) : IMimeRenderable
{
    public IReadOnlyDictionary<string, string> ToMimeBundle() => MetricTable.Fields("Linear CKA", ("CKA", MetricTable.Num(Cka)));
}
