using System.Globalization;
using VvsNotebook.Display;
using VvsNotebook.Metrics;
using VvsNotebook.Training.Alignment;

namespace VvsNotebook.Training.Studies;

/// <summary>
/// One network of the alignment study: its target (reference and layer), alpha, beta and seed; validation accuracy;
/// validation alignment with the reference on held-out images (5-fold <see cref="Metrics.Similarity.LinearAlignment"/>
/// and linear CKA); <c>Degradation</c> = the alpha = 0 network's accuracy (same target and seed) minus this one's
/// (positive: a cost); and the final training alignment (mean over the last epoch's batches, in the trained measure).
/// <c>Pareto</c> marks networks on their target's front (non-dominated in accuracy and validation alignment).
/// </summary>
public sealed record AlignmentRow(string Reference, string Layer, double Alpha, double Beta, int Seed, double Accuracy,
    double ValidationAlignment, double ValidationCka, double Degradation, double TrainingAlignment, double TaskLoss, bool Pareto)
{
    public string Target => $"{Reference}@{Layer}";
}

/// <summary>The training curve of one network.</summary>
public sealed record AlignmentCurve(string Reference, string Layer, double Alpha, int Seed, AlignmentRun Run);

/// <summary>The first convolution's filters of one network, out x in x k x k (Fig. 1c).</summary>
public sealed record AlignmentFilters(string Reference, string Layer, double Alpha, int Seed, int[] Shape, float[] Weights);

/// <summary>The study's results: one row per network, the curves, first-layer filters and the Gabor bank's even kernels.</summary>
public sealed record AlignmentStudyResult(
    AlignmentStudyOptions Options,
    string? BrainSet,
    IReadOnlyList<AlignmentRow> Rows,
    IReadOnlyList<AlignmentCurve> Curves,
    IReadOnlyList<AlignmentFilters> Filters,
    GaborKernels Gabor,
    int TrainedRuns,
    double Seconds) : IMimeRenderable
{
    /// <summary>The rows of one target, in alpha order.</summary>
    public IReadOnlyList<AlignmentRow> For(string target) =>
        Rows.Where(r => r.Target == target).OrderBy(r => r.Alpha).ThenBy(r => r.Seed).ToList() is { Count: > 0 } rows ? rows
            : throw new KeyNotFoundException($"No rows for target '{target}'; targets: {string.Join(", ", Options.Targets)}.");

    public IReadOnlyDictionary<string, string> ToMimeBundle() => MetricTable.Bundle(
        $"Alignment study ({Options.Alignment} alignment, beta {Num(Options.Beta)}, {Options.Seeds.Count} seed(s), {Options.Epochs} epochs, {Options.Arch}): accuracy and 5-fold validation alignment per network",
        ["target", "alpha", "seed", "accuracy", "val. linear", "val. CKA", "degradation", "train align.", "Pareto"],
        Rows.Select(r => (IReadOnlyList<string>)[r.Target, Num(r.Alpha), r.Seed.ToString(CultureInfo.InvariantCulture), r.Accuracy.ToString("F3", CultureInfo.InvariantCulture),
            r.ValidationAlignment.ToString("F3", CultureInfo.InvariantCulture), r.ValidationCka.ToString("F3", CultureInfo.InvariantCulture),
            r.Degradation.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture), r.TrainingAlignment.ToString("F3", CultureInfo.InvariantCulture), r.Pareto ? "*" : ""]).ToList());

    private static string Num(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>The Gabor oracle's even (cosine) kernels, filters x size x size, for the filter figure.</summary>
public sealed record GaborKernels(int Size, IReadOnlyList<double> Orientations, IReadOnlyList<double> Frequencies, float[] Kernels);

/// <summary>Pareto fronts: the points no other point beats on both objectives.</summary>
public static class ParetoFront
{
    /// <summary>
    /// Indices of the points not dominated when both <c>X</c> and <c>Y</c> are to be maximised (a point is dominated
    /// when another is at least as good on both and better on one), ordered by increasing X. Ties (identical points)
    /// are all kept.
    /// </summary>
    public static IReadOnlyList<int> Maximal(IReadOnlyList<(double X, double Y)> points)
    {
        var front = new List<int>();
        for (var i = 0; i < points.Count; i++)
        {
            var (x, y) = points[i];
            if (double.IsNaN(x) || double.IsNaN(y)) continue;
            var dominated = false;
            for (var j = 0; j < points.Count && !dominated; j++)
            {
                var (u, v) = points[j];
                dominated = j != i && u >= x && v >= y && (u > x || v > y);
            }
            if (!dominated) front.Add(i);
        }
        return front.OrderBy(i => points[i].X).ThenBy(i => points[i].Y).ToList();
    }
}
