namespace VvsNotebook.Data;

/// <summary>
/// One row of a results table with the columns of the paper's <c>benchmark_scores.csv</c>: a model scored on one
/// benchmark. Released rows and the project's own trained-and-scored runs share this type, so both feed the same fits.
/// Missing numbers (empty cells, NaN) are <c>null</c>; they are never silently turned into zeros.
/// </summary>
public sealed record ScoreRecord
{
    public required string ModelId { get; init; }
    public int BenchmarkId { get; init; }
    public string? Arch { get; init; }
    public string? Dataset { get; init; }
    public double? NParams { get; init; }
    public double? Macs { get; init; }
    public double? Flops { get; init; }
    public required string BenchmarkName { get; init; }
    public required string Region { get; init; }
    public double? NSamples { get; init; }
    /// <summary>Subsampling d (images per class); 0 means the full dataset, as in the paper's table.</summary>
    public double? SamplesPerClass { get; init; }
    public double? NEpochs { get; init; }
    /// <summary>D, samples seen in training = n_samples x n_epochs.</summary>
    public double? NSamplesSeen { get; init; }
    /// <summary>C = 3 x flops x n_samples_seen (forward plus twice for backward), the paper's convention.</summary>
    public double? TotalFlops { get; init; }
    /// <summary>Ceiled alignment score; null where the benchmark produced NaN.</summary>
    public double? Score { get; init; }
    public double? Seed { get; init; }
    public string? ArchFamily { get; init; }
    public double? Acc { get; init; }
    public string? CheckpointUrl { get; init; }
    public bool IsPretrained { get; init; }
    public bool IsRandom { get; init; }
    public bool IsSsl { get; init; }
    public string? SslMethod { get; init; }
    public bool IsAblation { get; init; }
    public bool IsOpenClip { get; init; }
    public bool IsAdv { get; init; }
    public string? AdvMethod { get; init; }
}
