using VvsNotebook.Display;
using VvsNotebook.Fitting;
using VvsNotebook.Metrics;

namespace VvsNotebook.Interactive.Formatting;

/// <summary>
/// Several fits (<c>#!fit all</c>), in the paper's figure order: one row each with its figure, law, loss, starts at
/// the best loss and, when bootstrapped, S_hat's 95% interval. <see cref="Fits"/> holds the fits themselves.
/// </summary>
public sealed record ScalingLawFitSet(IReadOnlyList<ScalingLawFit> Fits, IReadOnlyList<string?> Figures) : IMimeRenderable
{
    public ScalingLawFit this[string name] => Fits.FirstOrDefault(f => f.Name == name)
        ?? throw new KeyNotFoundException($"No fit named '{name}' here; the fits are {string.Join(", ", Fits.Select(f => f.Name))}.");

    public IReadOnlyDictionary<string, string> ToMimeBundle() => MetricTable.Bundle($"{Fits.Count} scaling-law fits",
        ["experiment", "figure", "n", "law", "loss", "starts at best", "S_hat 95% CI"],
        Fits.Select((f, i) => (IReadOnlyList<string>)[f.Name ?? "", Figures[i] ?? "", $"{f.Data.Count}", f.Law, MetricTable.Num(f.Loss), $"{f.StartsAtBest}/{f.Starts}", Interval(f)]));

    private static string Interval(ScalingLawFit fit)
    {
        if (fit.Bootstrap is not { } b) return "";
        var lo = b.ParameterPercentile(2.5); var hi = b.ParameterPercentile(97.5);
        return FormattableString.Invariant($"[{1 - Math.Exp(hi[0]):0.###}, {1 - Math.Exp(lo[0]):0.###}] ({b.Count})");
    }
}
