using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Activations;
using VvsNotebook.Display;
using VvsNotebook.Metrics;

namespace VvsNotebook.Benchmarks;

/// <summary>
/// A benchmark = stimuli + target data + metric + ceiling. It scores a layer's activations to its stimuli; the
/// runner extracts the activations so that all benchmarks sharing a stimulus set share one forward pass.
/// </summary>
public interface IBenchmark
{
    /// <summary>Results-table name (the paper's <c>benchmark_name</c>, e.g. <c>dicarlo.MajajHong2015public.IT-pls</c>).</summary>
    string Identifier { get; }

    /// <summary>V1, V2, V4, IT or Behavioral, as in the paper's <c>region</c> column.</summary>
    string Region { get; }

    /// <summary>The images the model is shown (already placed on the model's visual field).</summary>
    ImageBatch Stimuli { get; }

    /// <summary>Scores activations (stimuli x features, rows in <see cref="Stimuli"/> order).</summary>
    BenchmarkScore Score(Matrix<double> activations, string layer, CancellationToken cancellationToken = default);
}

/// <summary>A ceiled benchmark score, with the raw score, the ceiling and the layer it came from.</summary>
public sealed record BenchmarkScore(string Benchmark, string Region, string Layer, double Score, double Error, double Raw, double Ceiling)
    : IMimeRenderable
{
    public IReadOnlyDictionary<string, string> ToMimeBundle() => MetricTable.Fields($"{Benchmark} ({Region}, layer {Layer})",
        ("score", MetricTable.Num(Score)), ("error", MetricTable.Num(Error)), ("raw", MetricTable.Num(Raw)), ("ceiling", MetricTable.Num(Ceiling)));
}
