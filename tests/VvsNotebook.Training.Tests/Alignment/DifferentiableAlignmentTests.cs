using MathNet.Numerics.LinearAlgebra;
using TorchSharp;
using VvsNotebook.Metrics.Similarity;
using VvsNotebook.Training.Alignment;
using VvsNotebook.Training.Runtime;
using static TorchSharp.torch;

namespace VvsNotebook.Training.Tests.Alignment;

/// <summary>The training-time alignment losses against the project's metrics, and their gradients against finite differences.</summary>
public sealed class DifferentiableAlignmentTests
{
    public DifferentiableAlignmentTests() => TorchRuntime.EnsureLoaded();

    /// <summary>Correlated representations: b is a noisy linear map of a, so the alignment is neither 0 nor 1.</summary>
    private static (Matrix<double> A, Matrix<double> B) Pair(int n, int pa, int pb, int seed)
    {
        var rng = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var a = Matrix<double>.Build.Dense(n, pa, (_, _) => Normal());
        var map = Matrix<double>.Build.Dense(pa, pb, (_, _) => Normal());
        var b = a * map + Matrix<double>.Build.Dense(n, pb, (_, _) => 2 * Normal());
        return (a, b);
    }

    private static Tensor T(Matrix<double> m, bool grad = false) =>
        tensor(m.ToRowMajorArray(), [m.RowCount, m.ColumnCount], ScalarType.Float64, requires_grad: grad);

    [Theory]
    [InlineData(60, 5, 8, 1.0, 5)]    // primal ridge in both directions (train rows > features)
    [InlineData(30, 40, 50, 1.0, 5)]  // dual ridge in both directions (rows < features)
    [InlineData(40, 10, 45, 3.5, 4)]  // primal one way, dual the other; another penalty and fold count
    public void linear_alignment_in_torch_equals_the_metric_on_the_same_data_and_folds(int n, int pa, int pb, double ridge, int folds)
    {
        var (a, b) = Pair(n, pa, pb, n + pa);
        var measure = new AlignmentMeasure("linear", ridge, folds, Seed: 7);
        var metric = new LinearAlignment(ridge, folds, 7).Compute(a, b);
        using var _ = NewDisposeScope();
        var value = measure.Compute(T(a), T(b)).item<double>();
        Assert.Equal(metric.Alignment, value, 1e-10);
        Assert.Equal(metric.Alignment, measure.Metric(a, b), 1e-14);
        Assert.InRange(Math.Abs(metric.AToB - metric.BToA), 0.01, 2); // directions differ, so a swapped one shows
        Assert.InRange(Math.Abs(metric.Alignment), 0.02, 0.98);
        var oneWay = DifferentiableAlignment.Direction(T(a), T(b), measure.Splits(n), ridge).item<double>();
        Assert.Equal(metric.AToB, oneWay, 1e-10);
    }

    [Theory]
    [InlineData(50, 4, 6)]    // feature Grams
    [InlineData(12, 30, 40)]  // stimulus Grams
    public void cka_in_torch_equals_the_metric(int n, int pa, int pb)
    {
        var (a, b) = Pair(n, pa, pb, 3);
        using var _ = NewDisposeScope();
        var value = new AlignmentMeasure("cka").Compute(T(a), T(b)).item<double>();
        Assert.Equal(LinearCka.Compute(a, b).Cka, value, 1e-12);
    }

    [Fact]
    public void constant_columns_are_dropped_from_both_sides_as_the_metric_path_drops_them()
    {
        var (a, b) = Pair(40, 6, 7, 11);
        var padded = Matrix<double>.Build.Dense(40, 8, (i, j) => j < 6 ? a[i, j] : 0.0); // two dead units
        var measure = new AlignmentMeasure();
        using var _ = NewDisposeScope();
        Assert.Equal(new LinearAlignment().Compute(a, b).Alignment, measure.Compute(T(padded), T(b)).item<double>(), 1e-10);
        Assert.Throws<ArgumentException>(() => new LinearAlignment().Compute(padded, b)); // the metric itself refuses them
        Assert.Equal(new LinearAlignment().Compute(a, b).Alignment, measure.Metric(padded, b), 1e-14);
    }

    [Theory]
    [InlineData("linear", 10, 3, 4)]
    [InlineData("linear", 9, 12, 4)]  // dual ridge in one direction
    [InlineData("cka", 10, 3, 4)]
    public void autograd_gradients_match_central_finite_differences(string kind, int n, int pa, int pb)
    {
        var (a, b) = Pair(n, pa, pb, 5);
        var measure = new AlignmentMeasure(kind, 1.0, 3, Seed: 1);
        double F(Matrix<double> x) { using var s = NewDisposeScope(); return measure.Compute(T(x), T(b)).item<double>(); }
        using var _ = NewDisposeScope();
        var x = T(a, grad: true);
        measure.Compute(x, T(b)).backward();
        var analytic = x.grad!.data<double>().ToArray();
        const double h = 1e-6;
        var worst = 0.0;
        for (var i = 0; i < n; i++)
            for (var j = 0; j < pa; j++)
            {
                var plus = a.Clone(); plus[i, j] += h;
                var minus = a.Clone(); minus[i, j] -= h;
                var numeric = (F(plus) - F(minus)) / (2 * h);
                worst = Math.Max(worst, Math.Abs(numeric - analytic[i * pa + j]));
            }
        Assert.True(worst < 1e-7, $"largest gradient error {worst:E2}");
        Assert.Contains(analytic, g => Math.Abs(g) > 1e-3); // the gradient is not trivially zero
    }

    [Fact]
    public void the_composite_loss_is_alpha_times_minus_alignment_plus_beta_times_task()
    {
        using var _ = NewDisposeScope();
        var alignment = tensor(0.25, ScalarType.Float64);
        var task = tensor(2.0, ScalarType.Float64);
        Assert.Equal(-2 * 0.25 + 3 * 2.0, CompositeLoss.Total(2, alignment, 3, task).item<double>(), 15);
        Assert.Equal(+0.5 * 0.25 + 2.0, CompositeLoss.Total(-0.5, alignment, 1, task).item<double>(), 15); // alpha < 0 rewards misalignment
        Assert.Equal(2.0, CompositeLoss.Total(0, alignment, 1, task).item<double>(), 15);
    }

    [Fact]
    public void an_unknown_measure_is_refused_naming_the_choices()
    {
        var error = Assert.Throws<ArgumentException>(() => new AlignmentMeasure("rsa").Validate());
        Assert.Contains("linear or cka", error.Message);
    }
}
