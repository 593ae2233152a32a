using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Metrics.CrossValidation;
using VvsNotebook.Metrics.Similarity;
using static TorchSharp.torch;

namespace VvsNotebook.Training.Alignment;

/// <summary>
/// Which alignment a network is trained towards (or away from) and how it is measured: <c>"linear"</c>
/// (<see cref="LinearAlignment"/> with ridge penalty <paramref name="RidgeAlpha"/>, <paramref name="Folds"/> folds over
/// the rows, split seed <paramref name="Seed"/>) or <c>"cka"</c> (<see cref="LinearCka"/>). Columns constant over the
/// rows carry no representation and are dropped from both sides first (the metrics refuse them; a dead unit would
/// otherwise count as perfectly predicted).
/// </summary>
public sealed record AlignmentMeasure(string Kind = "linear", double RidgeAlpha = 1.0, int Folds = 5, uint Seed = 0)
{
    public static IReadOnlyList<string> Kinds { get; } = ["linear", "cka"];

    public void Validate()
    {
        if (!Kinds.Contains(Kind)) throw new ArgumentException($"Unknown alignment '{Kind}'; choose {string.Join(" or ", Kinds)}.");
        if (!(RidgeAlpha > 0 && double.IsFinite(RidgeAlpha))) throw new ArgumentException($"The ridge penalty must be positive (got {RidgeAlpha}).");
        if (Folds < 2) throw new ArgumentException($"Linear alignment needs at least 2 folds (got {Folds}).");
    }

    /// <summary>The alignment of two batches (rows: the same stimuli), differentiable in both.</summary>
    public Tensor Compute(Tensor model, Tensor reference)
    {
        Validate();
        var m = model.index_select(1, DifferentiableAlignment.VaryingColumns(model));
        var r = reference.index_select(1, DifferentiableAlignment.VaryingColumns(reference));
        if (m.shape[1] == 0 || r.shape[1] == 0)
            throw new ArgumentException($"Every {(m.shape[1] == 0 ? "model" : "reference")} feature is constant over the {model.shape[0]} rows of the batch; alignment is undefined (a dead layer, or a batch of identical images).");
        return Kind == "cka"
            ? DifferentiableAlignment.LinearCka(m, r)
            : DifferentiableAlignment.LinearAlignment(m, r, Splits((int)model.shape[0]), RidgeAlpha);
    }

    /// <summary>The folds <see cref="Compute"/> uses for <paramref name="rows"/> rows: the metric's shuffled k-fold.</summary>
    public IReadOnlyList<Split> Splits(int rows) => new KFoldSplits(Folds, true, Seed).GetSplits(rows);

    /// <summary>The same value through the project's metric (MathNet, float64) on matrices.</summary>
    public double Metric(Matrix<double> model, Matrix<double> reference)
    {
        Validate();
        var m = DropConstantColumns(model);
        var r = DropConstantColumns(reference);
        if (m.ColumnCount == 0 || r.ColumnCount == 0)
            throw new ArgumentException($"Every {(m.ColumnCount == 0 ? "model" : "reference")} feature is constant over the {model.RowCount} stimuli; alignment is undefined.");
        return Kind == "cka" ? Metrics.Similarity.LinearCka.Compute(m, r).Cka : new LinearAlignment(RidgeAlpha, Folds, Seed).Compute(m, r).Alignment;
    }

    public static Matrix<double> DropConstantColumns(Matrix<double> x)
    {
        var keep = Enumerable.Range(0, x.ColumnCount).Where(j =>
        {
            var c = x.Column(j);
            return c.Maximum() > c.Minimum();
        }).ToArray();
        return keep.Length == x.ColumnCount ? x : Matrix<double>.Build.Dense(x.RowCount, keep.Length, (i, j) => x[i, keep[j]]);
    }
}

/// <summary>The composite objective of Srivastava, Soni &amp; Khosla: L_total = alpha * L_alignment + beta * L_task, with L_alignment = -alignment.</summary>
public static class CompositeLoss
{
    /// <summary>alpha &gt; 0 pulls the layer towards the reference, alpha &lt; 0 pushes it away, alpha = 0 is plain task training.</summary>
    public static Tensor Total(double alpha, Tensor alignment, double beta, Tensor task) => -alignment * alpha + task * beta;
}
