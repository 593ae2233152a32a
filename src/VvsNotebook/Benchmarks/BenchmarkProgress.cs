using VvsNotebook.Progress;

namespace VvsNotebook.Benchmarks;

/// <summary>
/// Where a benchmark run is: <paramref name="Subject"/> (the model while its activations are computed, then each
/// benchmark) and what is done to it, e.g. "layer conv1". No count: the activations and the layers' scores differ in
/// cost by orders of magnitude, so a bar over them would mislead.
/// </summary>
public sealed record BenchmarkProgress(string Subject, string Stage) : JobProgress
{
    public override string Stage { get; } = Stage;
    public override int Done => 0;
    public override int Total => 0;
    public override string Describe() => $"{Subject}: {Stage}";
}
