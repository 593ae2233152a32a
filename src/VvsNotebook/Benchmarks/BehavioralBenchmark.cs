using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Activations;
using VvsNotebook.Metrics.Behavior;

namespace VvsNotebook.Benchmarks;

/// <summary>
/// The i2n behavioural benchmark: a logistic readout of the layer is fit on the stimuli's object labels and its
/// choice probabilities on the same images (Brain-Score's public Rajalingham 2018 variant) are compared with
/// human trials.
/// </summary>
public sealed class BehavioralBenchmark(string identifier, ImageBatch stimuli, IReadOnlyList<string> objectLabels,
    IReadOnlyList<string> objects, BehavioralTrials trials) : IBenchmark
{
    public string Identifier => identifier;
    public string Region => "Behavioral";
    public ImageBatch Stimuli => stimuli;
    public LogisticReadout Readout { get; init; } = new();

    public BenchmarkScore Score(Matrix<double> activations, string layer, CancellationToken cancellationToken = default)
    {
        var fit = Readout.Fit(activations, objectLabels, cancellationToken);
        var probs = fit.PredictProbabilities(activations);
        var column = objects.Select(o => fit.Classes.ToList().IndexOf(o) is var c && c >= 0 ? c
            : throw new ArgumentException($"{identifier}: object '{o}' has no image in the readout's training set.")).ToArray();
        var ordered = Matrix<double>.Build.Dense(probs.RowCount, objects.Count, (i, j) => probs[i, column[j]]);
        var index = objects.Select((o, i) => (o, i)).ToDictionary(t => t.o, t => t.i);
        var s = new I2n().Score(ordered, objectLabels.Select(l => index[l]).ToArray(), trials);
        return new BenchmarkScore(identifier, Region, layer, s.Score, s.Error, s.Raw, s.Ceiling);
    }
}
