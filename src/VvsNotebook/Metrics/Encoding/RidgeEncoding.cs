using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using VvsNotebook.Display;
using VvsNotebook.Metrics.CrossValidation;
using VvsNotebook.Metrics.Numerics;
using VvsNotebook.Metrics.Regression;
using VvsNotebook.Metrics.Statistics;

namespace VvsNotebook.Metrics.Encoding;

/// <summary>
/// Cross-validated ridge encoding, as the seed-002 paper (and most fMRI encoding work) scores a feature space: an
/// outer k-fold over stimuli (scikit-learn's <c>KFold(folds, shuffle=True, random_state=seed)</c>); in each training
/// fold <see cref="RidgeRegression"/> (RidgeCV: the design decomposed once, every alpha by efficient leave-one-out,
/// one alpha shared by all targets) predicts the held-out stimuli; the out-of-fold predictions of all stimuli are then
/// Pearson-correlated with the responses, one r per voxel/neuroid (scikit-learn's <c>cross_val_predict</c> followed by
/// a per-column <c>pearsonr</c>). <see cref="Predictivity.NeuralPredictivity"/> is Brain-Score's variant of the same
/// idea (median over neuroids per split, then the mean over splits); this one keeps every target's r.
/// </summary>
public sealed record RidgeEncoding
{
    /// <summary>Outer folds over stimuli.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Seed of the fold shuffle (numpy's RandomState, as scikit-learn's random_state).</summary>
    public uint Seed { get; init; }

    /// <summary>RidgeCV's penalty grid; null: <see cref="RidgeRegression.DefaultAlphas"/> (10^-3 .. 10^5).</summary>
    public IReadOnlyList<double>? Alphas { get; init; }

    /// <summary>Scores <paramref name="features"/> (stimuli x features) against <paramref name="responses"/> (stimuli x targets).</summary>
    public EncodingScore Score(Matrix<double> features, Matrix<double> responses, CancellationToken cancellationToken = default)
    {
        if (Folds < 2) throw new ArgumentException($"Ridge encoding needs at least 2 outer folds (got {Folds}).");
        Guard.SameRows(features, "features", responses, "responses");
        Guard.Finite(features, "features");
        Guard.Finite(responses, "responses");
        Guard.NotAllConstant(features, "features");
        var n = features.RowCount; var q = responses.ColumnCount;
        if (n < Folds) throw new ArgumentException($"{Folds} folds need at least {Folds} stimuli; got {n}. Lower the number of folds.");
        var regression = new RidgeRegression(Alphas);
        var splits = new KFoldSplits(Folds, true, Seed).GetSplits(n);
        var predicted = new DenseMatrix(n, q);
        var alphas = new double[splits.Count];
        for (var f = 0; f < splits.Count; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var split = splits[f];
            if (split.Train.Count < 3)
                throw new ArgumentException($"Fold {f} leaves {split.Train.Count} training stimuli; RidgeCV's leave-one-out needs 3. Use fewer folds.");
            var fit = regression.Fit(ColumnMajor.Rows(features, split.Train), ColumnMajor.Rows(responses, split.Train), cancellationToken);
            alphas[f] = fit.Alpha;
            var pred = fit.Predict(ColumnMajor.Rows(features, split.Test));
            for (var i = 0; i < split.Test.Count; i++)
                for (var j = 0; j < q; j++) predicted[split.Test[i], j] = pred[i, j];
        }
        var yv = ColumnMajor.Values(responses);
        var pv = predicted.Values;
        var r = new double[q];
        for (var j = 0; j < q; j++) r[j] = Correlation.PearsonUnchecked(yv.AsSpan(j * n, n), pv.AsSpan(j * n, n));
        return new EncodingScore(r, alphas, predicted);
    }
}

/// <summary>
/// Per-target Pearson r of out-of-fold ridge predictions (NaN for a target that is constant, or predicted as
/// constant), the alpha RidgeCV chose in each fold, and the predictions (stimuli x targets).
/// </summary>
public sealed record EncodingScore(IReadOnlyList<double> R, IReadOnlyList<double> FoldAlphas, Matrix<double> Predictions) : IMimeRenderable
{
    /// <summary>Mean r over targets with a defined r.</summary>
    public double Mean => Defined().DefaultIfEmpty(double.NaN).Average();

    /// <summary>Median r over targets with a defined r.</summary>
    public double Median => Defined() is { Length: > 0 } d ? MathNet.Numerics.Statistics.Statistics.Median(d) : double.NaN;

    private double[] Defined() => R.Where(v => !double.IsNaN(v)).ToArray();

    public IReadOnlyDictionary<string, string> ToMimeBundle() => MetricTable.Fields(
        "Ridge encoding (out-of-fold Pearson r per target)",
        ("targets", R.Count.ToString()), ("mean r", MetricTable.Num(Mean)), ("median r", MetricTable.Num(Median)),
        ("fold alphas", string.Join(", ", FoldAlphas.Select(MetricTable.Num))));
}
