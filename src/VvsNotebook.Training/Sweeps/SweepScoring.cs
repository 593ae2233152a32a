using VvsNotebook.Benchmarks;
using VvsNotebook.Benchmarks.Offline;
using VvsNotebook.Training.Activations;

namespace VvsNotebook.Training.Sweeps;

/// <summary>
/// How a sweep task scores its trained network: the offline benchmark suite (no download) with
/// <see cref="ImagesPerClass"/> Fashion-MNIST images per class, over <see cref="Layers"/> (null: every layer), as
/// <c>vvs benchmark --suite offline</c> would.
/// </summary>
public sealed record SweepScoring(int ImagesPerClass = 30, IReadOnlyList<string>? Layers = null, string? ReadoutLayer = null)
{
    public const string Label = "offline";

    public void Validate()
    {
        if (ImagesPerClass < 1) throw new ArgumentException($"--images-per-class must be at least 1 (got {ImagesPerClass}).");
        if (Layers is { Count: 0 }) throw new ArgumentException("--layers lists no layer; leave it out to score every layer.");
    }

    /// <summary>The per-run scorer (its rows are cached in each run directory).</summary>
    public RunScoring Scorer() => new(Label, OfflineSuite.Build(new OfflineSuiteOptions { ImagesPerClass = ImagesPerClass }),
        new BenchmarkRunner { CandidateLayers = Layers, BehavioralReadoutLayer = ReadoutLayer });
}
