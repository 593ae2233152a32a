using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Metrics.Numerics;

namespace VvsNotebook.Tests.Metrics;

public class ColumnMajorKernelTests
{
    [Theory]
    [InlineData(37, 9, 6)]
    [InlineData(64, 16, 8)]
    public void Blocked_cross_product_equals_MathNet(int n, int p, int q)
    {
        var a = Synthetic.Gaussian(n, p, 1); var b = Synthetic.Gaussian(n, q, 2);
        var c = ColumnMajor.TransposeMultiply(ColumnMajor.Values(a), n, p, ColumnMajor.Values(b), q);
        Synthetic.AssertClose(a.TransposeThisAndMultiply(b), Matrix<double>.Build.Dense(p, q, c), 1e-12, "A^T B");
        Synthetic.AssertClose(a.Transpose() * a.SubMatrix(0, n, 0, 5), ColumnMajor.Multiply(a.Transpose(), a.SubMatrix(0, n, 0, 5)), 1e-12, "A B");
        var w = Synthetic.Gaussian(p, 1, 3).Column(0).ToArray();
        var t = new double[n];
        ColumnMajor.Multiply(ColumnMajor.Values(a), n, p, w, t);
        Synthetic.AssertClose((a * Vector<double>.Build.DenseOfArray(w)).ToColumnMatrix(), Matrix<double>.Build.DenseOfColumnArrays(t), 1e-12, "A w");
        var r = new double[p];
        ColumnMajor.TransposeMultiply(ColumnMajor.Values(a), n, p, t, r);
        Synthetic.AssertClose((a.Transpose() * Vector<double>.Build.DenseOfArray(t)).ToColumnMatrix(), Matrix<double>.Build.DenseOfColumnArrays(r), 1e-12, "A^T t");
    }
}
