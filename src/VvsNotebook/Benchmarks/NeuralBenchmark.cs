using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Activations;
using VvsNotebook.Metrics.Ceilings;
using VvsNotebook.Metrics.Predictivity;

namespace VvsNotebook.Benchmarks;

/// <summary>
/// A Brain-Score neural benchmark: neural predictivity (PLS, stratified splits) of repetition-averaged responses,
/// divided by the split-half ceiling of the per-trial responses (computed once, on first use).
/// </summary>
public sealed class NeuralBenchmark(
    string identifier, string region, ImageBatch stimuli, Matrix<double> responses, IReadOnlyList<string>? stratification,
    Matrix<double> trials, IReadOnlyList<int> trialStimulus, IReadOnlyList<int> trialRepetition,
    CeilingNormalization normalization = CeilingNormalization.PaperSquared) : IBenchmark
{
    private CeilingScore? _ceiling;

    public string Identifier => identifier;
    public string Region => region;
    public ImageBatch Stimuli => stimuli;
    /// <summary>Trial-averaged target responses, stimuli x neuroids.</summary>
    public Matrix<double> Target => responses;
    public NeuralPredictivity Metric { get; init; } = new();
    public CeilingNormalization Normalization => normalization;

    public CeilingScore Ceiling(CancellationToken cancellationToken = default) =>
        _ceiling ??= new SplitHalfConsistency().Estimate(trials, trialStimulus, trialRepetition, cancellationToken);

    public BenchmarkScore Score(Matrix<double> activations, string layer, CancellationToken cancellationToken = default)
    {
        if (activations.RowCount != stimuli.Count)
            throw new ArgumentException($"{identifier}: got activations for {activations.RowCount} stimuli, the benchmark has {stimuli.Count}.");
        var raw = Metric.Score(activations, responses, stratification, cancellationToken);
        var ceiling = Ceiling(cancellationToken);
        var ceiled = CeiledScore.Normalize(raw.Raw, raw.Error, ceiling.Ceiling, normalization);
        return new BenchmarkScore(identifier, region, layer, ceiled.Score, ceiled.Error, raw.Raw, ceiling.Ceiling);
    }
}
