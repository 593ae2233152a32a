using System.Numerics.Tensors;

namespace VvsNotebook.Metrics.Numerics;

/// <summary>A column-centered feature matrix seen only through products, so a row subset needs no copy.</summary>
internal interface ICenteredFeatures
{
    int Rows { get; }
    int Columns { get; }
    /// <summary>t = Xc w.</summary>
    void Multiply(ReadOnlySpan<double> w, Span<double> t);
    /// <summary>r = Xc^T t.</summary>
    void TransposeMultiply(ReadOnlySpan<double> t, Span<double> r);
}

/// <summary>An explicitly centered dense matrix (column-major).</summary>
internal sealed class DenseCenteredFeatures(double[] values, int rows, int columns) : ICenteredFeatures
{
    public int Rows => rows;
    public int Columns => columns;
    public void Multiply(ReadOnlySpan<double> w, Span<double> t) => ColumnMajor.Multiply(values, rows, columns, w, t);
    public void TransposeMultiply(ReadOnlySpan<double> t, Span<double> r) => ColumnMajor.TransposeMultiply(values, rows, columns, t, r);
}

/// <summary>
/// Rows <c>rows</c> of a shared matrix G, centered by their own means m: Xc = G[rows] - 1 m^T. Cross-validation
/// splits use it to fit on 90 % of the stimuli without copying the feature matrix per split.
/// </summary>
internal sealed class RowSubsetCenteredFeatures(double[] g, int allRows, int columns, int[] rows, double[] means) : ICenteredFeatures
{
    public int Rows => rows.Length;
    public int Columns => columns;

    public void Multiply(ReadOnlySpan<double> w, Span<double> t)
    {
        var full = new double[allRows];
        ColumnMajor.Multiply(g, allRows, columns, w, full);
        var shift = TensorPrimitives.Dot(means, w);
        for (var i = 0; i < rows.Length; i++) t[i] = full[rows[i]] - shift;
    }

    public void TransposeMultiply(ReadOnlySpan<double> t, Span<double> r)
    {
        var full = new double[allRows];
        for (var i = 0; i < rows.Length; i++) full[rows[i]] = t[i];
        ColumnMajor.TransposeMultiply(g, allRows, columns, full, r);
        var sum = TensorPrimitives.Sum(t);
        if (sum != 0) TensorPrimitives.MultiplyAdd(means, -sum, r, r);
    }
}
