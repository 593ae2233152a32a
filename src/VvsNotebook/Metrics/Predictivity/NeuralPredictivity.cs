using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using VvsNotebook.Display;
using VvsNotebook.Metrics.CrossValidation;
using VvsNotebook.Metrics.Numerics;
using VvsNotebook.Metrics.Regression;
using VvsNotebook.Metrics.Statistics;

namespace VvsNotebook.Metrics.Predictivity;

/// <summary>
/// Brain-Score's cross-regressed correlation: per split, fit a regression from model features to neural responses
/// on the train stimuli, Pearson-correlate prediction and response per neuroid on the test stimuli, take the median
/// over neuroids (skipping undefined ones); the score is the mean over splits and its error the standard error
/// (std with ddof 0 / sqrt(splits)). Defaults: PLS with 25 components, stratified 10 x 90/10 splits with seed 1.
/// </summary>
public sealed record NeuralPredictivity
{
    public IRegression Regression { get; init; } = new PlsRegression();

    /// <summary>Null: stratified 10 x 90/10 (seed 1) when labels are given, otherwise unstratified 10 x 90/10.</summary>
    public ISplitter? Splitter { get; init; }

    public NeuralPredictivityScore Score(Matrix<double> features, Matrix<double> neural, IReadOnlyList<string>? stratification = null,
        CancellationToken cancellationToken = default, IProgress<int>? progress = null)
    {
        Guard.SameRows(features, "features", neural, "neural responses");
        Guard.Finite(features, "features");
        Guard.Finite(neural, "neural responses");
        Guard.NotAllConstant(features, "features");
        Guard.NoConstantColumns(neural, "neural responses", "neuroid");
        var n = features.RowCount; var p = features.ColumnCount; var q = neural.ColumnCount;
        var splitter = Splitter ?? (stratification is null ? new ShuffleSplits(10, 0.9, 1) : new StratifiedShuffleSplits());
        var splits = splitter.GetSplits(n, stratification);
        for (var s = 0; s < splits.Count; s++) splits[s].Validate(n, s);

        var r = new double[splits.Count, q];
        var xv = ColumnMajor.Values(features);
        var yv = ColumnMajor.Values(neural);
        PlsShared? shared = Regression is PlsRegression ? PlsShared.Create(xv, n, p, yv, q) : null;
        for (var s = 0; s < splits.Count; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var split = splits[s];
            Matrix<double> pred = shared is not null
                ? shared.FitPredict((PlsRegression)Regression, split, cancellationToken)
                : Regression.Fit(Take(features, split.Train), Take(neural, split.Train), cancellationToken).Predict(Take(features, split.Test));
            var te = split.Test;
            var actual = new double[te.Count];
            for (var j = 0; j < q; j++)
            {
                for (var i = 0; i < te.Count; i++) actual[i] = yv[te[i] + j * n];
                r[s, j] = Correlation.PearsonUnchecked(actual, pred.Column(j).AsArray() ?? pred.Column(j).ToArray());
            }
            progress?.Report(s + 1);
        }
        var medians = new double[splits.Count];
        for (var s = 0; s < splits.Count; s++)
        {
            var row = Enumerable.Range(0, q).Select(j => r[s, j]).Where(v => !double.IsNaN(v)).ToArray();
            if (row.Length == 0)
                throw new InvalidOperationException(
                    $"Split {s}: every neuroid's correlation is undefined (constant responses or predictions on the {splits[s].Test.Count} test stimuli).");
            medians[s] = MathNet.Numerics.Statistics.Statistics.Median(row);
        }
        var mean = medians.Average();
        var std = Math.Sqrt(medians.Select(m => (m - mean) * (m - mean)).Average());
        return new NeuralPredictivityScore(mean, std / Math.Sqrt(splits.Count), medians, DenseMatrix.OfArray(r), Regression.Name);
    }

    private static Matrix<double> Take(Matrix<double> m, IReadOnlyList<int> rows)
    {
        var v = ColumnMajor.TakeRows(ColumnMajor.Values(m), m.RowCount, m.ColumnCount, rows);
        return new DenseMatrix(rows.Count, m.ColumnCount, v);
    }

    /// <summary>
    /// Work shared by all PLS splits: globally centered features G and targets, and G^T Y. A split's train
    /// cross-covariance is then G^T Y - G_test^T Y_test - n_train m_x m_y^T, and its products run on G directly.
    /// </summary>
    private sealed class PlsShared(double[] g, double[] gy, int n, int p, int q, double[] xMean, double[] yMean, double[] cAll)
    {
        public static PlsShared Create(double[] x, int n, int p, double[] y, int q)
        {
            var all = Enumerable.Range(0, n).ToArray();
            var (g, xMean) = ColumnMajor.TakeRowsCentered(x, n, p, all);
            var (gy, yMean) = ColumnMajor.TakeRowsCentered(y, n, q, all);
            return new PlsShared(g, gy, n, p, q, xMean, yMean, ColumnMajor.TransposeMultiply(g, n, p, gy, q));
        }

        public Matrix<double> FitPredict(PlsRegression pls, Split split, CancellationToken ct)
        {
            var train = split.Train as int[] ?? split.Train.ToArray();
            var test = split.Test as int[] ?? split.Test.ToArray();
            var nTr = train.Length;
            var gTest = ColumnMajor.TakeRows(g, n, p, test);
            var yTest = ColumnMajor.TakeRows(gy, n, q, test);
            var mx = new double[p];
            for (var j = 0; j < p; j++) mx[j] = (TensorPrimitives.Sum(g.AsSpan(j * n, n)) - TensorPrimitives.Sum(gTest.AsSpan(j * test.Length, test.Length))) / nTr;
            var (yc, my) = ColumnMajor.TakeRowsCentered(gy, n, q, train);
            var c = ColumnMajor.TransposeMultiply(gTest, test.Length, p, yTest, q);
            for (var j = 0; j < q; j++)
            {
                var cj = c.AsSpan(j * p, p);
                TensorPrimitives.Subtract(cAll.AsSpan(j * p, p), cj, cj);
                TensorPrimitives.MultiplyAdd(mx, -nTr * my[j], cj, cj);
            }
            var fit = pls.FitCentered(new RowSubsetCenteredFeatures(g, n, p, train, mx), yc, q, c, mx, my, ct);
            // Predict in the globally centered frame: the test rows of G against the split's train means.
            return ColumnMajor.AffinePredict(new DenseMatrix(test.Length, p, gTest), DenseVector.OfArray(mx), fit.Coefficients,
                DenseVector.OfArray(my.Select((m, j) => m + yMean[j]).ToArray()));
        }
    }
}

/// <summary>Raw (unceiled) neural predictivity with its per-split and per-neuroid detail.</summary>
public sealed record NeuralPredictivityScore(double Raw, double Error, IReadOnlyList<double> SplitMedians,
    Matrix<double> Correlations, string Regression) : IMimeRenderable
{
    public IReadOnlyDictionary<string, string> ToMimeBundle() => MetricTable.Fields(
        $"Neural predictivity ({Regression}, Pearson r, median over neuroids, mean over splits)",
        ("raw r", MetricTable.Num(Raw)), ("error (s.e.m. over splits)", MetricTable.Num(Error)),
        ("splits", SplitMedians.Count.ToString()), ("neuroids", Correlations.ColumnCount.ToString()),
        ("split medians", string.Join(", ", SplitMedians.Select(MetricTable.Num))));
}
