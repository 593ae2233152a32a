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
        // PLS splits advance in lockstep so that each component costs one pass over the features for all splits.
        var predictions = shared is not null
            ? shared.FitPredictAll((PlsRegression)Regression, splits, cancellationToken, progress)
            : splits.Select((split, s) =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                var pr = Regression.Fit(ColumnMajor.Rows(features, split.Train), ColumnMajor.Rows(neural, split.Train), cancellationToken).Predict(ColumnMajor.Rows(features, split.Test));
                progress?.Report(s + 1);
                return pr;
            }).ToArray();
        for (var s = 0; s < splits.Count; s++)
        {
            var te = splits[s].Test;
            var pred = predictions[s];
            var actual = new double[te.Count];
            for (var j = 0; j < q; j++)
            {
                for (var i = 0; i < te.Count; i++) actual[i] = yv[te[i] + j * n];
                r[s, j] = Correlation.PearsonUnchecked(actual, pred.Column(j).AsArray() ?? pred.Column(j).ToArray());
            }
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
        return new NeuralPredictivityScore(medians.Average(), Spread.StandardErrorOfMean(medians), medians, DenseMatrix.OfArray(r), Regression.Name);
    }

    /// <summary>
    /// Work shared by all PLS splits: globally centered features G and targets, and G^T Y. Each split's fit runs
    /// on row subsets of G without copying it, and all splits share each pass over G.
    /// </summary>
    private sealed class PlsShared(double[] g, double[] gy, int n, int p, int q, double[] yMean, double[] cAll)
    {
        public static PlsShared Create(double[] x, int n, int p, double[] y, int q)
        {
            var all = Enumerable.Range(0, n).ToArray();
            var (g, _) = ColumnMajor.TakeRowsCentered(x, n, p, all);
            var (gy, yMean) = ColumnMajor.TakeRowsCentered(y, n, q, all);
            return new PlsShared(g, gy, n, p, q, yMean, ColumnMajor.TransposeMultiply(g, n, p, gy, q));
        }

        public Matrix<double>[] FitPredictAll(PlsRegression pls, IReadOnlyList<Split> splits, CancellationToken ct, IProgress<int>? progress)
        {
            var count = splits.Count;
            var states = new NipalsState[count];
            var trains = new int[count][]; var tests = new int[count][]; var mxs = new double[count][]; var mys = new double[count][];
            var gTests = new double[count][];
            for (var s = 0; s < count; s++)
            {
                ct.ThrowIfCancellationRequested();
                var train = trains[s] = splits[s].Train as int[] ?? splits[s].Train.ToArray();
                var test = tests[s] = splits[s].Test as int[] ?? splits[s].Test.ToArray();
                var nTr = train.Length;
                var gTest = gTests[s] = ColumnMajor.TakeRows(g, n, p, test);
                var yTest = ColumnMajor.TakeRows(gy, n, q, test);
                var mx = mxs[s] = new double[p];
                for (var j = 0; j < p; j++) mx[j] = (TensorPrimitives.Sum(g.AsSpan(j * n, n)) - TensorPrimitives.Sum(gTest.AsSpan(j * test.Length, test.Length))) / nTr;
                var (yc, my) = ColumnMajor.TakeRowsCentered(gy, n, q, train);
                mys[s] = my;
                // Train cross-covariance = G^T Y - G_test^T Y_test - n_train m_x m_y^T.
                var c = ColumnMajor.TransposeMultiply(gTest, test.Length, p, yTest, q);
                for (var j = 0; j < q; j++)
                {
                    var cj = c.AsSpan(j * p, p);
                    TensorPrimitives.Subtract(cAll.AsSpan(j * p, p), cj, cj);
                    TensorPrimitives.MultiplyAdd(mx, -nTr * my[j], cj, cj);
                }
                states[s] = new NipalsState(pls, nTr, p, yc, q, c);
            }
            var gRows = new DenseMatrix(n, p, g).ToRowMajorArray(); // G^T column-major, for G W
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                var active = new List<(int Split, double[] W)>();
                for (var s = 0; s < count; s++)
                    if (states[s].NextWeights() is { } w) active.Add((s, w));
                if (active.Count == 0) break;
                var width = (active.Count + 3) / 4 * 4; // the blocked kernel works on 4 columns at a time
                var wAll = new double[p * width];
                for (var a = 0; a < active.Count; a++) active[a].W.CopyTo(wAll, a * p);
                var z = ColumnMajor.TransposeMultiply(gRows, p, n, wAll, width); // n x width = G W
                var tAll = new double[n * width];
                var sums = new double[active.Count];
                for (var a = 0; a < active.Count; a++)
                {
                    var (s, w) = active[a];
                    var shift = TensorPrimitives.Dot(mxs[s], w);
                    var xw = new double[trains[s].Length];
                    for (var i = 0; i < xw.Length; i++) xw[i] = z[trains[s][i] + a * n] - shift;
                    var t = states[s].AcceptProjection(xw);
                    for (var i = 0; i < t.Length; i++) tAll[trains[s][i] + a * n] = t[i];
                    sums[a] = TensorPrimitives.Sum(t);
                }
                var back = ColumnMajor.TransposeMultiply(g, n, p, tAll, width); // p x width = G^T T
                for (var a = 0; a < active.Count; a++)
                {
                    var (s, _) = active[a];
                    var r = back.AsSpan(a * p, p);
                    if (sums[a] != 0) TensorPrimitives.MultiplyAdd(mxs[s], -sums[a], r, r);
                    states[s].AcceptBackProjection(r);
                }
                progress?.Report(states.Min(st => st.Components));
            }
            var preds = new Matrix<double>[count];
            for (var s = 0; s < count; s++)
            {
                var fit = states[s].Finish(mxs[s], mys[s]);
                // Predict in the globally centered frame: the test rows of G against the split's train means.
                preds[s] = ColumnMajor.AffinePredict(new DenseMatrix(tests[s].Length, p, gTests[s]), DenseVector.OfArray(mxs[s]), fit.Coefficients,
                    DenseVector.OfArray(mys[s].Select((m, j) => m + yMean[j]).ToArray()));
            }
            return preds;
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
