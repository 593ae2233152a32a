using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;

namespace VvsNotebook.Metrics.Numerics;

/// <summary>
/// Dense kernels on column-major float64 storage (MathNet's <see cref="DenseMatrix"/> layout) for the hot loops of
/// the metrics: cross-products, matrix-vector passes and centering. They are register-blocked with FMA and split
/// across cores, because a per-element managed loop or a generic multiply would dominate PLS and RSA timings.
/// </summary>
internal static class ColumnMajor
{
    /// <summary>Degree of parallelism for the kernels; 1 disables threading (e.g. inside an outer parallel loop).</summary>
    public static int MaxThreads { get; set; } = Environment.ProcessorCount;

    /// <summary>The column-major values of a matrix, copying only when it is not already dense.</summary>
    public static double[] Values(Matrix<double> m) => m is DenseMatrix d ? d.Values : m.ToColumnMajorArray();

    /// <summary>C (p x q) = A^T B for A (n x p) and B (n x q), all column-major.</summary>
    public static double[] TransposeMultiply(double[] a, int n, int p, double[] b, int q)
    {
        var c = new double[p * q];
        var iBlocks = (p + 3) / 4;
        Parallel.For(0, iBlocks, new ParallelOptions { MaxDegreeOfParallelism = MaxThreads }, ib =>
        {
            var i0 = ib * 4;
            var ni = Math.Min(4, p - i0);
            for (var j0 = 0; j0 < q; j0 += 4)
            {
                var nj = Math.Min(4, q - j0);
                if (ni == 4 && nj == 4) Kernel4x4(a, b, n, i0, j0, c, p);
                else
                    for (var i = i0; i < i0 + ni; i++)
                        for (var j = j0; j < j0 + nj; j++)
                            c[i + j * p] = TensorPrimitives.Dot(a.AsSpan(i * n, n), b.AsSpan(j * n, n));
            }
        });
        return c;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel4x4(double[] a, double[] b, int n, int i0, int j0, double[] c, int p)
    {
        ref var ar = ref MemoryMarshal.GetArrayDataReference(a);
        ref var br = ref MemoryMarshal.GetArrayDataReference(b);
        nint a0 = (nint)i0 * n, a1 = a0 + n, a2 = a1 + n, a3 = a2 + n;
        nint b0 = (nint)j0 * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
        Vector256<double> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector256<double> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector256<double> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector256<double> c30 = default, c31 = default, c32 = default, c33 = default;
        nint k = 0;
        for (; k <= n - 4; k += 4)
        {
            var x0 = Vector256.LoadUnsafe(ref ar, (nuint)(a0 + k));
            var x1 = Vector256.LoadUnsafe(ref ar, (nuint)(a1 + k));
            var x2 = Vector256.LoadUnsafe(ref ar, (nuint)(a2 + k));
            var x3 = Vector256.LoadUnsafe(ref ar, (nuint)(a3 + k));
            var y0 = Vector256.LoadUnsafe(ref br, (nuint)(b0 + k));
            var y1 = Vector256.LoadUnsafe(ref br, (nuint)(b1 + k));
            var y2 = Vector256.LoadUnsafe(ref br, (nuint)(b2 + k));
            var y3 = Vector256.LoadUnsafe(ref br, (nuint)(b3 + k));
            c00 = Vector256.FusedMultiplyAdd(x0, y0, c00); c01 = Vector256.FusedMultiplyAdd(x0, y1, c01);
            c02 = Vector256.FusedMultiplyAdd(x0, y2, c02); c03 = Vector256.FusedMultiplyAdd(x0, y3, c03);
            c10 = Vector256.FusedMultiplyAdd(x1, y0, c10); c11 = Vector256.FusedMultiplyAdd(x1, y1, c11);
            c12 = Vector256.FusedMultiplyAdd(x1, y2, c12); c13 = Vector256.FusedMultiplyAdd(x1, y3, c13);
            c20 = Vector256.FusedMultiplyAdd(x2, y0, c20); c21 = Vector256.FusedMultiplyAdd(x2, y1, c21);
            c22 = Vector256.FusedMultiplyAdd(x2, y2, c22); c23 = Vector256.FusedMultiplyAdd(x2, y3, c23);
            c30 = Vector256.FusedMultiplyAdd(x3, y0, c30); c31 = Vector256.FusedMultiplyAdd(x3, y1, c31);
            c32 = Vector256.FusedMultiplyAdd(x3, y2, c32); c33 = Vector256.FusedMultiplyAdd(x3, y3, c33);
        }
        Span<double> s = stackalloc double[16];
        s[0] = Vector256.Sum(c00); s[1] = Vector256.Sum(c01); s[2] = Vector256.Sum(c02); s[3] = Vector256.Sum(c03);
        s[4] = Vector256.Sum(c10); s[5] = Vector256.Sum(c11); s[6] = Vector256.Sum(c12); s[7] = Vector256.Sum(c13);
        s[8] = Vector256.Sum(c20); s[9] = Vector256.Sum(c21); s[10] = Vector256.Sum(c22); s[11] = Vector256.Sum(c23);
        s[12] = Vector256.Sum(c30); s[13] = Vector256.Sum(c31); s[14] = Vector256.Sum(c32); s[15] = Vector256.Sum(c33);
        for (; k < n; k++)
            for (var r = 0; r < 4; r++)
                for (var t = 0; t < 4; t++)
                    s[r * 4 + t] += Unsafe.Add(ref ar, a0 + r * n + k) * Unsafe.Add(ref br, b0 + t * n + k);
        for (var r = 0; r < 4; r++)
            for (var t = 0; t < 4; t++)
                c[i0 + r + (j0 + t) * p] = s[r * 4 + t];
    }

    /// <summary>y (n) = A w for A (n x p) column-major; columns are split across cores and partial sums added.</summary>
    public static void Multiply(double[] a, int n, int p, ReadOnlySpan<double> w, Span<double> y)
    {
        var threads = Math.Max(1, Math.Min(MaxThreads, p / 256));
        var wArr = w.ToArray();
        var partial = new double[threads][];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            var acc = new double[n];
            var lo = (int)((long)p * t / threads);
            var hi = (int)((long)p * (t + 1) / threads);
            for (var j = lo; j < hi; j++)
                if (wArr[j] != 0) TensorPrimitives.MultiplyAdd(a.AsSpan(j * n, n), wArr[j], acc, acc);
            partial[t] = acc;
        });
        partial[0].CopyTo(y);
        for (var t = 1; t < threads; t++) TensorPrimitives.Add(y, partial[t], y);
    }

    /// <summary>out (p) = A^T t for A (n x p) column-major.</summary>
    public static void TransposeMultiply(double[] a, int n, int p, ReadOnlySpan<double> t, Span<double> result)
    {
        var tArr = t.ToArray();
        var res = new double[p];
        Parallel.For(0, MaxThreads, new ParallelOptions { MaxDegreeOfParallelism = MaxThreads }, th =>
        {
            var lo = (int)((long)p * th / MaxThreads);
            var hi = (int)((long)p * (th + 1) / MaxThreads);
            for (var j = lo; j < hi; j++) res[j] = TensorPrimitives.Dot(a.AsSpan(j * n, n), tArr);
        });
        res.CopyTo(result);
    }

    /// <summary>Column means.</summary>
    public static double[] ColumnMeans(double[] a, int n, int p)
    {
        var m = new double[p];
        for (var j = 0; j < p; j++) m[j] = TensorPrimitives.Sum(a.AsSpan(j * n, n)) / n;
        return m;
    }

    /// <summary>Rows <paramref name="rows"/> of A, centered by their own column means (returned).</summary>
    public static (double[] Values, double[] Means) TakeRowsCentered(double[] a, int n, int p, IReadOnlyList<int> rows)
    {
        var m = rows.Count;
        var res = new double[(long)m * p];
        var means = new double[p];
        var idx = rows as int[] ?? rows.ToArray();
        Parallel.For(0, p, new ParallelOptions { MaxDegreeOfParallelism = MaxThreads }, j =>
        {
            var src = a.AsSpan(j * n, n);
            var dst = res.AsSpan(j * m, m);
            for (var i = 0; i < m; i++) dst[i] = src[idx[i]];
            var mean = TensorPrimitives.Sum(dst) / m;
            TensorPrimitives.Subtract(dst, mean, dst);
            means[j] = mean;
        });
        return (res, means);
    }

    /// <summary>Rows <paramref name="rows"/> of a matrix, as a dense matrix.</summary>
    public static DenseMatrix Rows(Matrix<double> m, IReadOnlyList<int> rows) =>
        new(rows.Count, m.ColumnCount, TakeRows(Values(m), m.RowCount, m.ColumnCount, rows));

    /// <summary>Rows of A (uncentered), column-major.</summary>
    public static double[] TakeRows(double[] a, int n, int p, IReadOnlyList<int> rows)
    {
        var m = rows.Count;
        var res = new double[(long)m * p];
        for (var j = 0; j < p; j++)
        {
            var src = a.AsSpan(j * n, n);
            var dst = res.AsSpan(j * m, m);
            for (var i = 0; i < m; i++) dst[i] = src[rows[i]];
        }
        return res;
    }

    /// <summary>A B with the blocked kernel (MathNet's managed multiply is several times slower at these sizes).</summary>
    public static DenseMatrix Multiply(Matrix<double> a, Matrix<double> b)
    {
        if (a.ColumnCount != b.RowCount)
            throw new ArgumentException($"Cannot multiply a {a.RowCount}x{a.ColumnCount} matrix by a {b.RowCount}x{b.ColumnCount} one.");
        var product = TransposeMultiply(a.ToRowMajorArray(), a.ColumnCount, a.RowCount, Values(b), b.ColumnCount);
        return new DenseMatrix(a.RowCount, b.ColumnCount, product);
    }

    /// <summary>(X - 1 xMean^T) B + 1 yMean^T, the prediction of a linear model fit on centered data.</summary>
    public static DenseMatrix AffinePredict(Matrix<double> x, Vector<double> xMean, Matrix<double> coef, Vector<double> yMean)
    {
        var rows = x.ToRowMajorArray();
        var p = x.ColumnCount;
        var mean = xMean.ToArray();
        for (var i = 0; i < x.RowCount; i++) TensorPrimitives.Subtract(rows.AsSpan(i * p, p), mean, rows.AsSpan(i * p, p));
        var pred = TransposeMultiply(rows, p, x.RowCount, Values(coef), coef.ColumnCount);
        var n = x.RowCount;
        for (var j = 0; j < coef.ColumnCount; j++) TensorPrimitives.Add(pred.AsSpan(j * n, n), yMean[j], pred.AsSpan(j * n, n));
        return new DenseMatrix(n, coef.ColumnCount, pred);
    }
}
