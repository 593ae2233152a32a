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
    public string FashionMnistDirectory { get; init; } = IdxImages.DebianFashionMnist;
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

    public static IReadOnlyList<IBenchmark> Build(OfflineSuiteOptions? options = null)
    {
        var o = options ?? new OfflineSuiteOptions();
        var rng = new NumpyRandomState(o.Seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

        // Stimuli: gratings then Fashion-MNIST, the first ImagesPerClass test images of each class.
        var gratings = Gratings.Render(Gratings.Grid(12, [0.06, 0.1, 0.16, 0.25], 2), 28);
        var labels = IdxImages.ReadLabels(Path.Combine(o.FashionMnistDirectory, "t10k-labels-idx1-ubyte.gz"));
        var chosen = Enumerable.Range(0, labels.Length).GroupBy(i => labels[i]).OrderBy(g => g.Key)
            .SelectMany(g => g.Take(o.ImagesPerClass)).Order().ToArray();
        if (chosen.Length < 10 * o.ImagesPerClass) throw new InvalidDataException("Fashion-MNIST test set has too few images per class.");
        var fashion = ImageBatches.Select(IdxImages.ReadImages(Path.Combine(o.FashionMnistDirectory, "t10k-images-idx3-ubyte.gz")), chosen);
        var stimuli = ImageBatches.Concat(gratings, fashion);
        var category = Enumerable.Repeat("grating", gratings.Count).Concat(chosen.Select(i => IdxImages.FashionMnistClasses[labels[i]])).ToArray();

        // V1 oracle: 108 complex cells.
        var freqs = Enumerable.Range(0, 9).Select(k => 0.05 * Math.Pow(0.4 / 0.05, k / 8.0)).ToArray();
        var filters = (from ori in Enumerable.Range(0, 12) from f in freqs
                       select new GaborFilter(Math.PI * ori / 12, f, 7 + 13 * rng.NextDouble(), 7 + 13 * rng.NextDouble(), GaborBank.SigmaFor(f))).ToArray();
        var v1 = new GaborBank(filters).Energy(stimuli);

        // IT oracle: category tuning plus a random mixture of V1 energies.
        var categories = category.Distinct().ToArray();
        var catIndex = categories.Select((c, i) => (c, i)).ToDictionary(t => t.c, t => t.i);
        var v1z = Standardize(v1);
        const int itNeuroids = 100;
        var tuning = DenseMatrix.Create(itNeuroids, categories.Length, (_, _) => Normal());
        var mixing = DenseMatrix.Create(filters.Length, itNeuroids, (_, _) => Normal() / Math.Sqrt(filters.Length));
        var mixed = v1z * mixing;
        var it = DenseMatrix.Create(stimuli.Count, itNeuroids, (i, n) => tuning[n, catIndex[category[i]]] + 0.6 * mixed[i, n]);

        var (v1Trials, stim, reps) = AddTrialNoise(v1, o, Normal);
        var (itTrials, _, _) = AddTrialNoise(it, o, Normal);
        var v1Bench = new NeuralBenchmark(V1Identifier, "V1", stimuli, Average(v1Trials, stim, stimuli.Count), category, v1Trials, stim, reps);
        var itBench = new NeuralBenchmark(ItIdentifier, "IT", stimuli, Average(itTrials, stim, stimuli.Count), category, itTrials, stim, reps);

        // Behaviour on the Fashion-MNIST images: simulated observers reading the IT oracle.
        var objects = IdxImages.FashionMnistClasses;
        var truth = chosen.Select(i => labels[i]).ToArray();
        var feats = it.SubMatrix(gratings.Count, fashion.Count, 0, itNeuroids);
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

    private static (Matrix<double> Trials, int[] Stimulus, int[] Repetition) AddTrialNoise(Matrix<double> clean, OfflineSuiteOptions o, Func<double> normal)
    {
        var n = clean.RowCount; var q = clean.ColumnCount; var r = o.Repetitions;
        // Noise sd so that the mean of r trials has the requested reliability: var_noise / r = var_signal (1 - rho) / rho.
        var sd = Enumerable.Range(0, q).Select(j =>
        {
            var col = clean.Column(j); var m = col.Average();
            return Math.Sqrt(col.Select(v => (v - m) * (v - m)).Average() * r * (1 - o.Reliability) / o.Reliability);
        }).ToArray();
        var trials = new DenseMatrix(n * r, q);
        for (var rep = 0; rep < r; rep++)
            for (var i = 0; i < n; i++)
                for (var j = 0; j < q; j++) trials[rep * n + i, j] = clean[i, j] + sd[j] * normal();
        return (trials, Enumerable.Range(0, n * r).Select(t => t % n).ToArray(), Enumerable.Range(0, n * r).Select(t => t / n).ToArray());
    }

    private static Matrix<double> Average(Matrix<double> trials, int[] stimulus, int n)
    {
        var sum = new DenseMatrix(n, trials.ColumnCount); var count = new int[n];
        for (var t = 0; t < trials.RowCount; t++) { sum.SetRow(stimulus[t], sum.Row(stimulus[t]) + trials.Row(t)); count[stimulus[t]]++; }
        for (var i = 0; i < n; i++) sum.SetRow(i, sum.Row(i) / count[i]);
        return sum;
    }

    private static Matrix<double> Standardize(Matrix<double> m) => DenseMatrix.Create(m.RowCount, m.ColumnCount, (i, j) =>
    {
        var col = m.Column(j); var mean = col.Average(); var sd = Math.Sqrt(col.Select(v => (v - mean) * (v - mean)).Average());
        return sd == 0 ? 0 : (m[i, j] - mean) / sd;
    });
}
