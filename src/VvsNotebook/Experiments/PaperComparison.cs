using System.Globalization;
using VvsNotebook.Display;
using VvsNotebook.Fitting;
using VvsNotebook.Metrics;

namespace VvsNotebook.Experiments;

/// <summary>A number the paper states for one of its fits, as printed there (rounded to <paramref name="Decimals"/>).</summary>
public sealed record PublishedValue(string Quantity, double Paper, int Decimals, string Source);

/// <summary>One published number next to ours: ours rounded as the paper rounds, and whether the two agree.</summary>
public sealed record ComparedValue(string Quantity, double Ours, double Paper, string Source)
{
    public bool Agrees { get; init; }
}

/// <summary>
/// Our fit of one of the paper's experiments beside the numbers the paper prints for it (Gokce &amp; Schrimpf, ICML 2025:
/// Figs. 1b, 2c, 3a and the text on Eq. 9). <c>vvs fit EXP --compare-paper</c> and <c>#!fit EXP --compare-paper</c> show it.
/// </summary>
public sealed record PaperComparison(string Experiment, IReadOnlyList<ComparedValue> Values) : IMimeRenderable
{
    /// <summary>The numbers the paper publishes, per experiment.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<PublishedValue>> Published { get; } = new Dictionary<string, IReadOnlyList<PublishedValue>>
    {
        ["compute_neuro"] = [new("S_hat", 0.48, 2, "Fig. 1b, S = 0.48 - 0.55 C^-0.16"), new("A", 0.55, 2, "Fig. 1b"), new("alpha", 0.16, 2, "Fig. 1b")],
        ["compute_behavior"] = [new("S_hat", 1, 0, "Fig. 1b, S = 1 - 1.4 C^-0.06"), new("A", 1.4, 1, "Fig. 1b"), new("alpha", 0.06, 2, "Fig. 1b")],
        ["parameter_scaling"] = [new("S_hat", 0.44, 2, "Fig. 2c, text")],
        ["sample_imagenet_scaling"] = [new("S_hat", 0.46, 2, "Fig. 3a, text")],
        ["sample_ecoset_scaling"] = [new("S_hat", 0.48, 2, "Fig. 3a, text")],
        ["parameter_pretrained_scaling"] = [new("S_hat", 0.43, 2, "Fig. S2")],
        ["compute_chinchilla"] = [new("N* exponent", 0.3, 1, "text on Eq. 9, N ~ C^0.3"), new("D* exponent", 0.7, 1, "text on Eq. 9, D ~ C^0.7")],
    };

    /// <summary><paramref name="fit"/> beside the paper's numbers for its experiment; throws naming those that have some when the paper gives none.</summary>
    public static PaperComparison Of(ScalingLawFit fit)
    {
        var name = fit.Name ?? "";
        RequirePublished(name);
        return new PaperComparison(name, Published[name].Select(p =>
        {
            var ours = Value(fit, p.Quantity);
            return new ComparedValue(p.Quantity, ours, p.Paper, p.Source) { Agrees = Math.Round(ours, p.Decimals, MidpointRounding.AwayFromZero) == p.Paper };
        }).ToList());
    }

    /// <summary>Throws, naming the experiments that have published numbers, when the paper prints none for <paramref name="experiment"/>.</summary>
    public static void RequirePublished(string experiment)
    {
        if (!Published.ContainsKey(experiment))
            throw new ArgumentException($"--compare-paper: the paper prints no numbers for '{experiment}'. It does for {string.Join(", ", Published.Keys)}.");
    }

    private static double Value(ScalingLawFit fit, string quantity) => quantity switch
    {
        "S_hat" => fit.SHat,
        "A" => fit.A,
        "alpha" => fit.Alpha,
        "N* exponent" => fit.Allocation?.NExponent ?? double.NaN,
        "D* exponent" => fit.Allocation?.DExponent ?? double.NaN,
        _ => throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "Unknown published quantity."),
    };

    /// <summary>Lines for a terminal: one per number.</summary>
    public IEnumerable<string> Lines() => Values.Select(v => string.Create(CultureInfo.InvariantCulture,
        $"{"",30} vs paper: {v.Quantity} {v.Ours:0.####} (paper {v.Paper:0.##}, {v.Source}) {(v.Agrees ? "agrees" : "DIFFERS")}"));

    public IReadOnlyDictionary<string, string> ToMimeBundle() => MetricTable.Bundle($"{Experiment} against the paper",
        ["quantity", "ours", "paper", "source", "agrees at the paper's rounding"],
        Values.Select(v => (IReadOnlyList<string>)[v.Quantity, MetricTable.Num(v.Ours), MetricTable.Num(v.Paper), v.Source, v.Agrees ? "yes" : "no"]));
}
