using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Display;
using VvsNotebook.Metrics.CrossValidation;
using VvsNotebook.Metrics.Numerics;
using VvsNotebook.Metrics.Regression;

namespace VvsNotebook.Metrics.Similarity;

/// <summary>
/// Linear alignment (Srivastava, Soni &amp; Khosla): cross-validated R^2 of a ridge regression predicting one
/// representation from the other, averaged over both directions. R^2 is scikit-learn's <c>r2_score</c>
/// (uniform average over target columns) on each held-out fold of a shuffled 5-fold split, averaged over folds.
/// The paper's misalignment is the negative of this value.
/// </summary>
public sealed record LinearAlignment(double Alpha = 1.0, int Folds = 5, uint Seed = 0)
{
    public LinearAlignmentResult Compute(Matrix<double> a, Matrix<double> b, CancellationToken cancellationToken = default)
    {
        Guard.SameRows(a, "A", b, "B");
        Guard.Finite(a, "A"); Guard.Finite(b, "B");
        Guard.NoConstantColumns(a, "A"); Guard.NoConstantColumns(b, "B");
        var splits = new KFoldSplits(Folds, true, Seed).GetSplits(a.RowCount);
        var ab = Direction(a, b, splits, cancellationToken);
        var ba = Direction(b, a, splits, cancellationToken);
        return new LinearAlignmentResult((ab.Average() + ba.Average()) / 2, ab.Average(), ba.Average(), ab, ba);
    }

    private double[] Direction(Matrix<double> from, Matrix<double> to, IReadOnlyList<Split> splits, CancellationToken ct)
    {
        var ridge = new FixedRidgeRegression(Alpha);
        return splits.Select(s =>
        {
            ct.ThrowIfCancellationRequested();
            var fit = ridge.Fit(ColumnMajor.Rows(from, s.Train), ColumnMajor.Rows(to, s.Train), ct);
            return R2(ColumnMajor.Rows(to, s.Test), fit.Predict(ColumnMajor.Rows(from, s.Test)));
        }).ToArray();
    }

    /// <summary>scikit-learn's <c>r2_score(multioutput='uniform_average')</c>, including its constant-column convention.</summary>
    public static double R2(Matrix<double> truth, Matrix<double> pred)
    {
        double total = 0;
        for (var j = 0; j < truth.ColumnCount; j++)
        {
            var t = truth.Column(j); var p = pred.Column(j);
            var mean = t.Average();
            var sse = (t - p).DotProduct(t - p);
            var sst = (t - mean).DotProduct(t - mean);
            total += sst == 0 ? (sse == 0 ? 1 : 0) : 1 - sse / sst;
        }
        return total / truth.ColumnCount;
    }
}

public sealed record LinearAlignmentResult(double Alignment, double AToB, double BToA, IReadOnlyList<double> FoldsAToB, IReadOnlyList<double> FoldsBToA)
    : IMimeRenderable
{
    public IReadOnlyDictionary<string, string> ToMimeBundle() => MetricTable.Fields("Linear alignment (symmetrised ridge R^2, k-fold)",
        ("alignment", MetricTable.Num(Alignment)), ("R^2 A -> B", MetricTable.Num(AToB)), ("R^2 B -> A", MetricTable.Num(BToA)),
        ("misalignment (-R^2)", MetricTable.Num(-Alignment)));
}
