using MathNet.Numerics.LinearAlgebra;

namespace VvsNotebook.Metrics.Numerics;

/// <summary>Input checks shared by the metrics: each failure names the argument and the offending row or column.</summary>
internal static class Guard
{
    public static void Finite(Matrix<double> m, string name)
    {
        var v = ColumnMajor.Values(m);
        for (var k = 0; k < v.Length; k++)
            if (!double.IsFinite(v[k]))
                throw new ArgumentException(
                    $"{name} has a non-finite value ({v[k]}) at row {k % m.RowCount}, column {k / m.RowCount}.", name);
    }

    public static void Finite(ReadOnlySpan<double> v, string name)
    {
        for (var k = 0; k < v.Length; k++)
            if (!double.IsFinite(v[k]))
                throw new ArgumentException($"{name} has a non-finite value ({v[k]}) at index {k}.", name);
    }

    public static void SameRows(Matrix<double> a, string aName, Matrix<double> b, string bName)
    {
        if (a.RowCount != b.RowCount)
            throw new ArgumentException(
                $"{aName} has {a.RowCount} rows (stimuli) but {bName} has {b.RowCount}; they must describe the same stimuli.");
    }

    /// <summary>Fails when any column is constant: its correlation with anything is undefined.</summary>
    public static void NoConstantColumns(Matrix<double> m, string name, string columnWord = "column")
    {
        var v = ColumnMajor.Values(m);
        var n = m.RowCount;
        for (var j = 0; j < m.ColumnCount; j++)
        {
            var col = v.AsSpan(j * n, n);
            var first = col[0];
            var constant = true;
            foreach (var x in col) if (x != first) { constant = false; break; }
            if (constant)
                throw new ArgumentException($"{name} {columnWord} {j} is constant ({first}) across all {n} stimuli; its correlation is undefined.", name);
        }
    }

    public static void NotAllConstant(Matrix<double> m, string name)
    {
        var v = ColumnMajor.Values(m);
        var n = m.RowCount;
        for (var j = 0; j < m.ColumnCount; j++)
        {
            var col = v.AsSpan(j * n, n);
            foreach (var x in col) if (x != col[0]) return;
        }
        throw new ArgumentException($"{name} is constant across stimuli in every column: it carries no signal.", name);
    }
}
