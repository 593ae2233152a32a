using VvsNotebook.Fitting.Laws;

namespace VvsNotebook.Experiments;

/// <summary>
/// One scaling-law experiment: which rows of a results table to fit (filters, applied in the paper pipeline's fixed
/// order) and how (law form, variables, scalers, Huber delta, initialisation grid, bootstrap count and seed).
/// Read from YAML (<c>data-manifests/experiments/*.yaml</c>, format in <c>data-manifests/experiments/README.md</c>).
/// </summary>
public sealed record Experiment
{
    public required string Name { get; init; }
    public string? Figure { get; init; }
    public string? Description { get; init; }
    /// <summary>The results table, as <c>&lt;manifest-id&gt;/&lt;file&gt;</c>.</summary>
    public string Data { get; init; } = "scaling-primate-vvs/benchmark_scores.csv";
    public ExperimentFilters Filters { get; init; } = new();
    public required FitSpec Fit { get; init; }

    public override string ToString() => $"{Name} ({Fit.Form.Key()} of {string.Join(", ", Fit.X)}{(Figure is null ? "" : $"; {Figure}")})";
}

/// <summary>
/// Row selection, applied in this order (the original pipeline's): merge architecture families, boolean filters,
/// set filters, range filters, composite filters, group-by mean, the per-family samples restriction, FLOPs multiplier.
/// </summary>
public sealed record ExperimentFilters
{
    /// <summary>Family renames (e.g. ResNetFlex to ResNet) applied first; empty for none.</summary>
    public IReadOnlyDictionary<string, string> CombineArchFamilies { get; init; } = new Dictionary<string, string>();
    /// <summary>Boolean columns that must be true.</summary>
    public IReadOnlyList<string> EqualsTrue { get; init; } = [];
    /// <summary>Boolean columns that must be false.</summary>
    public IReadOnlyList<string> EqualsFalse { get; init; } = [];
    /// <summary>Column to allowed values (a missing value never matches).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Sets { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    /// <summary>Column to inclusive [min, max].</summary>
    public IReadOnlyDictionary<string, (double Min, double Max)> Ranges { get; init; } = new Dictionary<string, (double, double)>();
    /// <summary>Named conjunctions of set conditions: a row passes one when every listed column has one of its values.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> Composite { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>();
    /// <summary>Group rows by these keys and average the score (rows with a missing key are dropped, as pandas does).</summary>
    public GroupBySpec? GroupBy { get; init; }
    /// <summary>Keep rows of these families only at these samples_per_class (other families untouched).</summary>
    public ArchFamilySamples? ArchFamilySamples { get; init; }
    public double FlopsMultiplier { get; init; } = 1.0;

    /// <summary>The merge the paper uses when <c>combine_arch_families: true</c>.</summary>
    public static IReadOnlyDictionary<string, string> DefaultFamilyMerge { get; } = new Dictionary<string, string>
    {
        ["ResNetFlex"] = "ResNet", ["ViTFlex"] = "ViT", ["ConvNeXtFlex"] = "ConvNeXt",
    };
}

/// <summary>Group-by keys and the averaged column.</summary>
public sealed record GroupBySpec(IReadOnlyList<string> Keys, string Mean = "score");

/// <summary>The ConvNeXt/ViT sample-size restriction of the paper.</summary>
public sealed record ArchFamilySamples(IReadOnlyList<string> Families, IReadOnlyList<double> SamplesPerClass);

/// <summary>How to fit: the law form, its variables and scalers, the loss and the optimiser's starting grid.</summary>
public sealed record FitSpec
{
    public required LawForm Form { get; init; }
    /// <summary>Input columns: one (C, N or D), or two (N, D) for <see cref="LawForm.Chinchilla"/>.</summary>
    public required IReadOnlyList<string> X { get; init; }
    /// <summary>Divisors of the inputs (C/1e13, N/1e5, D/1e4), one per input.</summary>
    public required IReadOnlyList<double> XScale { get; init; }
    public string Y { get; init; } = "score";
    /// <summary>Fit L = 1 - score (misalignment) rather than the score itself.</summary>
    public bool InvertY { get; init; } = true;
    public double Delta { get; init; } = 1e-3;
    public int Bootstraps { get; init; } = 1000;
    public ulong Seed { get; init; } = 42;
    /// <summary>For the joint law: the compute column regressed on N*D for the allocation (Eq. 8).</summary>
    public string Compute { get; init; } = "total_flops";
    /// <summary>Initial values per LSE parameter, in the form's parameter order; every combination is a start.</summary>
    public required IReadOnlyList<KeyValuePair<string, IReadOnlyList<double>>> Init { get; init; }
}
