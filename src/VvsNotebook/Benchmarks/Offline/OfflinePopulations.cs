using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using VvsNotebook.Activations;
using VvsNotebook.Metrics.Numerics;
using VvsNotebook.Stimuli;

namespace VvsNotebook.Benchmarks.Offline;

/// <summary>The offline stimuli: gratings then Fashion-MNIST test images, with a category and an id per image.</summary>
public sealed record OfflineStimuli(ImageBatch Images, IReadOnlyList<string> Category, IReadOnlyList<string> Ids, int GratingCount,
    ImageBatch Fashion, IReadOnlyList<int> FashionIndices, IReadOnlyList<int> FashionLabels);

/// <summary>
/// The pieces of the offline suite's simulated populations (stimuli, Gabor V1 oracle, category population, trial
/// noise), shared by <see cref="OfflineSuite"/> and the simulated ROI set. Random draws come from the caller's
/// generator in a fixed order, so each caller stays deterministic per seed.
/// </summary>
public static class OfflinePopulations
{
    /// <summary>96 gratings (12 orientations x 4 frequencies x 2 phases) then the first <paramref name="imagesPerClass"/> test images of each Fashion-MNIST class.</summary>
    public static OfflineStimuli Stimuli(int imagesPerClass, Manifests.DataResolver? data = null)
    {
        if (imagesPerClass < 1) throw new ArgumentOutOfRangeException(nameof(imagesPerClass), "At least one Fashion-MNIST image per class is needed.");
        var gratings = Gratings.Render(Gratings.Grid(12, [0.06, 0.1, 0.16, 0.25], 2), 28);
        var labels = IdxImages.ReadLabels(IdxImages.FashionMnistFile("t10k-labels-idx1-ubyte.gz", data));
        var chosen = Enumerable.Range(0, labels.Length).GroupBy(i => labels[i]).OrderBy(g => g.Key)
            .SelectMany(g => g.Take(imagesPerClass)).Order().ToArray();
        if (chosen.Length < 10 * imagesPerClass) throw new InvalidDataException("Fashion-MNIST test set has too few images per class.");
        var fashion = ImageBatches.Select(IdxImages.ReadImages(IdxImages.FashionMnistFile("t10k-images-idx3-ubyte.gz", data)), chosen);
        var category = Enumerable.Repeat("grating", gratings.Count).Concat(chosen.Select(i => IdxImages.FashionMnistClasses[labels[i]])).ToArray();
        var ids = Enumerable.Range(0, gratings.Count).Select(k => $"grating-{k:D3}").Concat(chosen.Select(i => $"fashion-mnist-test-{i}")).ToArray();
        return new OfflineStimuli(ImageBatches.Concat(gratings, fashion), category, ids, gratings.Count, fashion, chosen, chosen.Select(i => labels[i]).ToArray());
    }

    /// <summary>A standard normal draw (Box-Muller from two uniforms).</summary>
    public static double Normal(NumpyRandomState rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>The V1 oracle's 108 complex cells: 12 orientations x 9 log-spaced frequencies (0.05-0.4 cycles/pixel), centres in the central half.</summary>
    public static GaborFilter[] V1Filters(NumpyRandomState rng)
    {
        var freqs = Enumerable.Range(0, 9).Select(k => 0.05 * Math.Pow(0.4 / 0.05, k / 8.0)).ToArray();
        return (from ori in Enumerable.Range(0, 12) from f in freqs
                select new GaborFilter(Math.PI * ori / 12, f, 7 + 13 * rng.NextDouble(), 7 + 13 * rng.NextDouble(), GaborBank.SigmaFor(f))).ToArray();
    }

    /// <summary>
    /// A category-selective population: random tuning to each category plus <paramref name="lowLevelWeight"/> times a
    /// random projection of the (standardised) low-level features.
    /// </summary>
    public static Matrix<double> CategoryPopulation(Matrix<double> lowLevel, IReadOnlyList<string> category, int neuroids, double lowLevelWeight,
        Func<double> normal)
    {
        var categories = category.Distinct().ToArray();
        var catIndex = categories.Select((c, i) => (c, i)).ToDictionary(t => t.c, t => t.i);
        var tuning = DenseMatrix.Create(neuroids, categories.Length, (_, _) => normal());
        var mixing = DenseMatrix.Create(lowLevel.ColumnCount, neuroids, (_, _) => normal() / Math.Sqrt(lowLevel.ColumnCount));
        var mixed = lowLevel * mixing;
        return DenseMatrix.Create(lowLevel.RowCount, neuroids, (i, n) => tuning[n, catIndex[category[i]]] + lowLevelWeight * mixed[i, n]);
    }

    /// <summary>
    /// Repeated trials of clean responses (stimuli x units), trial t showing stimulus t % n in repetition t / n, with
    /// per-unit noise sd chosen so that the mean of <paramref name="repetitions"/> trials has the given reliability.
    /// </summary>
    public static (Matrix<double> Trials, int[] Stimulus, int[] Repetition) AddTrialNoise(Matrix<double> clean, int repetitions, double reliability,
        Func<double> normal)
    {
        if (repetitions < 1) throw new ArgumentOutOfRangeException(nameof(repetitions), "At least one repetition is needed.");
        if (!(reliability > 0 && reliability < 1)) throw new ArgumentOutOfRangeException(nameof(reliability), $"Reliability must lie in (0, 1); got {reliability}.");
        var n = clean.RowCount; var q = clean.ColumnCount; var r = repetitions;
        // Noise sd so that the mean of r trials has the requested reliability: var_noise / r = var_signal (1 - rho) / rho.
        var sd = Enumerable.Range(0, q).Select(j =>
        {
            var col = clean.Column(j); var m = col.Average();
            return Math.Sqrt(col.Select(v => (v - m) * (v - m)).Average() * r * (1 - reliability) / reliability);
        }).ToArray();
        var trials = new DenseMatrix(n * r, q);
        for (var rep = 0; rep < r; rep++)
            for (var i = 0; i < n; i++)
                for (var j = 0; j < q; j++) trials[rep * n + i, j] = clean[i, j] + sd[j] * normal();
        return (trials, Enumerable.Range(0, n * r).Select(t => t % n).ToArray(), Enumerable.Range(0, n * r).Select(t => t / n).ToArray());
    }

    /// <summary>Each column to zero mean and unit (population) sd; constant columns become zero.</summary>
    public static Matrix<double> Standardize(Matrix<double> m)
    {
        // Column statistics once per column: the suite standardises 1000+ images, where per-element statistics took seconds.
        var result = new DenseMatrix(m.RowCount, m.ColumnCount);
        for (var j = 0; j < m.ColumnCount; j++)
        {
            var col = m.Column(j); var mean = col.Average(); var sd = Math.Sqrt(col.Select(v => (v - mean) * (v - mean)).Average());
            if (sd == 0) continue;
            for (var i = 0; i < m.RowCount; i++) result[i, j] = (col[i] - mean) / sd;
        }
        return result;
    }
}
