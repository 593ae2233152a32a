using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using VvsNotebook.Benchmarks.Offline;
using VvsNotebook.Metrics.Numerics;
using VvsNotebook.Stimuli;

namespace VvsNotebook.Brain;

/// <summary>Sizes, noise and seed of <see cref="SimulatedRoiSet"/>.</summary>
public sealed record SimulatedRoiOptions
{
    /// <summary>Fashion-MNIST test images per class (10 classes), after the 96 gratings.</summary>
    public int ImagesPerClass { get; init; } = 10;
    /// <summary>Where Fashion-MNIST is found (its manifest's data folder, then Debian's copy); null: <c>VVS_DATA</c>.</summary>
    public Manifests.DataResolver? Data { get; init; }
    public int Subjects { get; init; } = 3;
    public int VoxelsPerRoi { get; init; } = 60;
    /// <summary>Population units each voxel pools.</summary>
    public int UnitsPerVoxel { get; init; } = 8;
    public int Repetitions { get; init; } = 6;
    /// <summary>Reliability of each voxel's trial-averaged response: the expected split-half ceiling (SplitHalfConsistency).</summary>
    public double Reliability { get; init; } = 0.8;
    /// <summary>Share of each voxel's stimulus-driven variance that is the subject's own (idiosyncratic, repeatable).</summary>
    public double SubjectNoise { get; init; } = 0.3;
    public uint Seed { get; init; } = 0;
}

/// <summary>
/// A three-subject V1/V2/LOC/IT set on the offline suite's stimuli (gratings + Fashion-MNIST), for work without
/// THINGS-fMRI. V1: the offline Gabor oracle (108 complex cells). V2: Gabor energies of a 3 x 3 grid of positions,
/// max-pooled over position per orientation and frequency, then randomly mixed. LOC and IT: the offline category
/// population mixed with V2 features, LOC with weight 1.5 and IT with 0.5, so LOC stays more low-level than IT.
/// Each subject samples voxels as positive pools of random units, adds its own repeatable stimulus-specific signal
/// (<see cref="SimulatedRoiOptions.SubjectNoise"/>) and trial noise of known reliability. Deterministic per seed.
/// </summary>
public static class SimulatedRoiSet
{
    public static IReadOnlyList<string> Rois { get; } = ["V1", "V2", "LOC", "IT"];

    public static BrainRoiSet Build(SimulatedRoiOptions? options = null)
    {
        var o = options ?? new SimulatedRoiOptions();
        if (o.Subjects < 2) throw new ArgumentOutOfRangeException(nameof(options), $"Subjects must be at least 2 (got {o.Subjects}); reliability across subjects needs two.");
        if (o.VoxelsPerRoi < 2 || o.UnitsPerVoxel < 1) throw new ArgumentOutOfRangeException(nameof(options), "VoxelsPerRoi must be at least 2 and UnitsPerVoxel at least 1.");
        if (o.Repetitions < 2) throw new ArgumentOutOfRangeException(nameof(options), $"Repetitions must be at least 2 (got {o.Repetitions}) for split-half reliability.");
        if (!(o.SubjectNoise >= 0 && o.SubjectNoise < 1)) throw new ArgumentOutOfRangeException(nameof(options), $"SubjectNoise must lie in [0, 1); got {o.SubjectNoise}.");
        var rng = new NumpyRandomState(o.Seed);
        double Normal() => OfflinePopulations.Normal(rng);
        var set = OfflinePopulations.Stimuli(o.ImagesPerClass, o.Data);
        var images = set.Images;

        var v1 = new GaborBank(OfflinePopulations.V1Filters(rng)).Energy(images);
        var v2 = V2Population(images, Normal);
        var v2z = OfflinePopulations.Standardize(v2);
        var loc = OfflinePopulations.CategoryPopulation(v2z, set.Category, 100, 1.5, Normal);
        var it = OfflinePopulations.CategoryPopulation(v2z, set.Category, 100, 0.5, Normal);
        var populations = new[] { v1, v2, loc, it }.Select(OfflinePopulations.Standardize).ToArray();

        var subjects = Enumerable.Range(1, o.Subjects).Select(s => $"sim-{s:D2}").ToArray();
        var responses = new List<RoiResponses>();
        foreach (var subject in subjects)
            for (var r = 0; r < Rois.Count; r++)
            {
                var clean = Voxels(populations[r], o, rng, Normal);
                var (trials, stim, reps) = OfflinePopulations.AddTrialNoise(clean, o.Repetitions, o.Reliability, Normal);
                responses.Add(new RoiResponses(subject, Rois[r], trials, stim, reps));
            }
        return new BrainRoiSet($"simulated V1/V2/LOC/IT (seed {o.Seed})", images, set.Ids, set.Category, Rois, subjects, responses);
    }

    /// <summary>Complex-cell energies on a 3 x 3 grid, max over positions for each of 12 orientations x 6 frequencies, mixed into 100 units.</summary>
    private static Matrix<double> V2Population(VvsNotebook.Activations.ImageBatch images, Func<double> normal)
    {
        var freqs = Enumerable.Range(0, 6).Select(k => 0.06 * Math.Pow(0.3 / 0.06, k / 5.0)).ToArray();
        var filters = (from ori in Enumerable.Range(0, 12) from f in freqs from gy in Enumerable.Range(0, 3) from gx in Enumerable.Range(0, 3)
                       select new GaborFilter(Math.PI * ori / 12, f, 7 + 7 * gx, 7 + 7 * gy, GaborBank.SigmaFor(f))).ToArray();
        var energy = new GaborBank(filters).Energy(images);
        var pooled = DenseMatrix.Create(images.Count, 12 * freqs.Length, (i, c) =>
        {
            var m = double.NegativeInfinity;
            for (var p = 0; p < 9; p++) m = Math.Max(m, energy[i, c * 9 + p]);
            return m;
        });
        var mixing = DenseMatrix.Create(pooled.ColumnCount, 100, (_, _) => normal() / Math.Sqrt(pooled.ColumnCount));
        // Rectified mixtures: V2 units combine orientations and frequencies nonlinearly, a step beyond V1's energies.
        return (OfflinePopulations.Standardize(pooled) * mixing).Map(v => Math.Max(0, v) + 0.1 * v);
    }

    /// <summary>One subject's voxels: positive pools of random units, plus the subject's own stimulus-specific signal.</summary>
    private static Matrix<double> Voxels(Matrix<double> population, SimulatedRoiOptions o, NumpyRandomState rng, Func<double> normal)
    {
        var n = population.RowCount; var u = population.ColumnCount;
        var weights = new DenseMatrix(u, o.VoxelsPerRoi);
        for (var v = 0; v < o.VoxelsPerRoi; v++)
            for (var k = 0; k < o.UnitsPerVoxel; k++) weights[(int)rng.RandomInterval(u - 1), v] += Math.Abs(normal());
        var shared = OfflinePopulations.Standardize(population * weights);
        var own = DenseMatrix.Create(n, o.VoxelsPerRoi, (_, _) => normal());
        return shared * Math.Sqrt(1 - o.SubjectNoise) + own * Math.Sqrt(o.SubjectNoise);
    }
}
