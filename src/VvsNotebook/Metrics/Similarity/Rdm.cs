using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using VvsNotebook.Display;
using VvsNotebook.Metrics.Numerics;

namespace VvsNotebook.Metrics.Similarity;

/// <summary>How dissimilarity between two stimuli's response patterns is measured.</summary>
public enum RdmDistance
{
    /// <summary>1 - Pearson r between the two response patterns (scipy's <c>pdist(metric='correlation')</c>).</summary>
    Correlation,
    /// <summary>Euclidean distance (scipy's <c>pdist(metric='euclidean')</c>).</summary>
    Euclidean,
}

/// <summary>
/// A representational dissimilarity matrix over <see cref="Count"/> stimuli, stored as its upper triangle in
/// scipy's condensed order (pairs (0,1), (0,2), ..., (1,2), ...).
/// </summary>
public sealed record Rdm(int Count, double[] Condensed) : IMimeRenderable
{
    public static int PairCount(int n) => n * (n - 1) / 2;

    /// <summary>Builds an RDM from responses (stimuli x features).</summary>
    public static Rdm FromResponses(Matrix<double> responses, RdmDistance distance = RdmDistance.Correlation)
    {
        Guard.Finite(responses, "responses");
        var n = responses.RowCount; var p = responses.ColumnCount;
        if (n < 3) throw new ArgumentException($"An RDM needs at least 3 stimuli to be compared; got {n}.");
        var rows = responses.ToRowMajorArray();
        var norms = new double[n];
        if (distance == RdmDistance.Correlation)
        {
            for (var i = 0; i < n; i++)
            {
                var r = rows.AsSpan(i * p, p);
                TensorPrimitives.Subtract(r, TensorPrimitives.Sum(r) / p, r);
                var norm = TensorPrimitives.Norm(r);
                if (norm == 0) throw new ArgumentException($"Stimulus {i} has a constant response pattern; its correlation distance is undefined.");
                TensorPrimitives.Divide(r, norm, r);
            }
        }
        else
            for (var i = 0; i < n; i++) norms[i] = TensorPrimitives.Dot(rows.AsSpan(i * p, p), rows.AsSpan(i * p, p));
        var gram = ColumnMajor.TransposeMultiply(rows, p, n, rows, n);
        var d = new double[PairCount(n)];
        var k = 0;
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++, k++)
                d[k] = distance == RdmDistance.Correlation
                    ? 1 - gram[i + j * n]
                    : Math.Sqrt(Math.Max(0, norms[i] + norms[j] - 2 * gram[i + j * n]));
        return new Rdm(n, d);
    }

    /// <summary>The element-wise mean of RDMs over one stimulus set (a group RDM over subjects, or over seeds).</summary>
    public static Rdm Mean(IReadOnlyList<Rdm> rdms)
    {
        if (rdms.Count == 0) throw new ArgumentException("Averaging RDMs needs at least one.", nameof(rdms));
        if (rdms.Any(r => r.Count != rdms[0].Count))
            throw new ArgumentException($"RDMs of {string.Join(", ", rdms.Select(r => r.Count).Distinct())} stimuli cannot be averaged: all must share one stimulus set.", nameof(rdms));
        var mean = new double[rdms[0].Condensed.Length];
        foreach (var r in rdms) for (var k = 0; k < mean.Length; k++) mean[k] += r.Condensed[k] / rdms.Count;
        return new Rdm(rdms[0].Count, mean);
    }

    /// <summary>An RDM given as a full square matrix (its upper triangle is used; symmetry is checked).</summary>
    public static Rdm FromSquare(Matrix<double> square)
    {
        if (square.RowCount != square.ColumnCount) throw new ArgumentException($"An RDM must be square; got {square.RowCount}x{square.ColumnCount}.");
        Guard.Finite(square, "RDM");
        var n = square.RowCount;
        var d = new double[PairCount(n)];
        var k = 0;
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++, k++)
            {
                if (Math.Abs(square[i, j] - square[j, i]) > 1e-9 * (1 + Math.Abs(square[i, j])))
                    throw new ArgumentException($"The RDM is not symmetric at ({i}, {j}): {square[i, j]} vs {square[j, i]}.");
                d[k] = square[i, j];
            }
        return new Rdm(n, d);
    }

    /// <summary>The symmetric square form with zeros on the diagonal.</summary>
    public Matrix<double> ToSquare() => Square(Condensed, Count);

    internal static DenseMatrix Square(double[] condensed, int n)
    {
        var m = new DenseMatrix(n, n);
        var k = 0;
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++, k++) { m[i, j] = condensed[k]; m[j, i] = condensed[k]; }
        return m;
    }

    public IReadOnlyDictionary<string, string> ToMimeBundle()
    {
        var stats = MathNet.Numerics.Statistics.Statistics.MeanStandardDeviation(Condensed);
        return MetricTable.Fields($"RDM over {Count} stimuli", ("pairs", Condensed.Length.ToString()),
            ("mean dissimilarity", MetricTable.Num(stats.Item1)), ("sd", MetricTable.Num(stats.Item2)));
    }
}
