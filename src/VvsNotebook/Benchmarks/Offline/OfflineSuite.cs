using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using VvsNotebook.Activations;
using VvsNotebook.Metrics.Behavior;
using VvsNotebook.Metrics.Numerics;
using VvsNotebook.Stimuli;

namespace VvsNotebook.Benchmarks.Offline;

/// <summary>Sizes and noise of the offline suite.</summary>
public sealed record OfflineSuiteOptions
{
    /// <summary>Fashion-MNIST test images per class (10 classes).</summary>
    public int ImagesPerClass { get; init; } = 30;
    public int Repetitions { get; init; } = 10;
    /// <summary>Reliability of the trial-averaged response of each simulated neuroid: the expected split-half ceiling.</summary>
    public double Reliability { get; init; } = 0.8;
    /// <summary>Simulated 2AFC trials per image and distractor in the behavioural target.</summary>
    public int TrialsPerPair { get; init; } = 40;
    public uint Seed { get; init; } = 0;
    /// <summary>Where Fashion-MNIST is found (its manifest's data folder, then Debian's copy); null: <c>VVS_DATA</c>.</summary>
    public Manifests.DataResolver? Data { get; init; }
}

/// <summary>
/// A benchmark suite that needs no download. Stimuli: 96 sinusoidal gratings (12 orientations x 4 frequencies x 2
/// phases) and Fashion-MNIST test images, all 28 x 28 grey. Targets, with trial noise set so the split-half ceiling
/// is known (<see cref="OfflineSuiteOptions.Reliability"/>):
/// <list type="bullet">
/// <item>V1: a Gabor-filter-bank oracle population, 12 orientations x 9 spatial frequencies (0.05-0.4 cycles/pixel,
/// log-spaced; Srivastava et al.'s 0.05-2.0 range is cut at the Nyquist limit of 28-pixel images), quadrature energy,
/// receptive fields scattered over the central half of the image.</item>
/// <item>IT: a category-selective population (random tuning to the 10 Fashion-MNIST classes and "grating") mixed
/// with a random projection of the V1 oracle, the higher-level target.</item>
/// <item>Behavioral: i2n against simulated observers whose 2AFC errors come from distances in the IT oracle space.</item>
/// </list>
/// </summary>
public static class OfflineSuite
{
    public const string V1Identifier = "vvs.offline.V1-gabor-pls";
    public const string ItIdentifier = "vvs.offline.IT-category-pls";
    public const string BehaviorIdentifier = "vvs.offline.FashionMNIST-i2n";

    /// <summary>Builds the suite; <paramref name="cancellationToken"/> is checked between its stages (an interrupted cell stops here too).</summary>
    public static IReadOnlyList<IBenchmark> Build(OfflineSuiteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var o = options ?? new OfflineSuiteOptions();
        var rng = new NumpyRandomState(o.Seed);
        double Normal() => OfflinePopulations.Normal(rng);

        // Stimuli: gratings then Fashion-MNIST, the first ImagesPerClass test images of each class.
        var set = OfflinePopulations.Stimuli(o.ImagesPerClass, o.Data);
        var (stimuli, fashion, category) = (set.Images, set.Fashion, set.Category.ToArray());
        cancellationToken.ThrowIfCancellationRequested();

        // V1 oracle: 108 complex cells.
        var filters = OfflinePopulations.V1Filters(rng);
        var v1 = new GaborBank(filters).Energy(stimuli);
        cancellationToken.ThrowIfCancellationRequested();

        // IT oracle: category tuning plus a random mixture of V1 energies.
        const int itNeuroids = 100;
        var it = OfflinePopulations.CategoryPopulation(OfflinePopulations.Standardize(v1), category, itNeuroids, 0.6, Normal);

        var (v1Trials, stim, reps) = OfflinePopulations.AddTrialNoise(v1, o.Repetitions, o.Reliability, Normal);
        cancellationToken.ThrowIfCancellationRequested();
        var (itTrials, _, _) = OfflinePopulations.AddTrialNoise(it, o.Repetitions, o.Reliability, Normal);
        var v1Bench = new NeuralBenchmark(V1Identifier, "V1", stimuli, Average(v1Trials, stim, stimuli.Count), category, v1Trials, stim, reps);
        var itBench = new NeuralBenchmark(ItIdentifier, "IT", stimuli, Average(itTrials, stim, stimuli.Count), category, itTrials, stim, reps);
        cancellationToken.ThrowIfCancellationRequested();

        // Behaviour on the Fashion-MNIST images: simulated observers reading the IT oracle.
        var objects = IdxImages.FashionMnistClasses;
        var truth = set.FashionLabels.ToArray();
        var feats = it.SubMatrix(set.GratingCount, fashion.Count, 0, itNeuroids);
        var means = Enumerable.Range(0, 10).Select(c => Enumerable.Range(0, fashion.Count).Where(i => truth[i] == c)
            .Select(i => feats.Row(i)).Aggregate((a, b) => a + b) / o.ImagesPerClass).ToArray();
        var dist = DenseMatrix.Create(fashion.Count, 10, (i, c) => (feats.Row(i) - means[c]).L2Norm());
        // Error rates vary from image to image within each (object, distractor) pair, which is what i2n measures:
        // the observer's distance gap is standardised within the pair and mapped to a 2AFC error rate around 20 %.
        var gap = DenseMatrix.Create(fashion.Count, 10, (i, c) => dist[i, c] - dist[i, truth[i]]);
        var img = new List<int>(); var dis = new List<int>(); var cho = new List<int>();
        for (var t = 0; t < 10; t++)
            for (var c = 0; c < 10; c++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (c == t) continue;
                var members = Enumerable.Range(0, fashion.Count).Where(i => truth[i] == t).ToArray();
                var mean = members.Average(i => gap[i, c]);
                var sd = Math.Sqrt(members.Average(i => (gap[i, c] - mean) * (gap[i, c] - mean)));
                foreach (var i in members)
                {
                    var z = sd > 0 ? (gap[i, c] - mean) / sd : 0;
                    var pErr = 1 / (1 + Math.Exp(Math.Log(4) + 1.2 * z));
                    for (var k = 0; k < o.TrialsPerPair; k++) { img.Add(i); dis.Add(c); cho.Add(rng.NextDouble() < pErr ? c : t); }
                }
            }
        // Trials in a random order, as a behavioural assembly lists them.
        var order = rng.Permutation(img.Count);
        var trials = new BehavioralTrials(order.Select(k => img[k]).ToArray(), order.Select(k => dis[k]).ToArray(), order.Select(k => cho[k]).ToArray());
        var behavior = new BehavioralBenchmark(BehaviorIdentifier, fashion, truth.Select(t => objects[t]).ToArray(), objects, trials);
        return [v1Bench, itBench, behavior];
    }

    private static Matrix<double> Average(Matrix<double> trials, int[] stimulus, int n)
    {
        var sum = new DenseMatrix(n, trials.ColumnCount); var count = new int[n];
        for (var t = 0; t < trials.RowCount; t++) { sum.SetRow(stimulus[t], sum.Row(stimulus[t]) + trials.Row(t)); count[stimulus[t]]++; }
        for (var i = 0; i < n; i++) sum.SetRow(i, sum.Row(i) / count[i]);
        return sum;
    }
}
