using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using VvsNotebook.Activations;
using VvsNotebook.Benchmarks.Offline;

namespace VvsNotebook.Benchmarks.Sources;

/// <summary>
/// A fixed, untrained V1-like model with four layers for layer commitment: <c>pixels</c>; <c>simple</c>
/// (half-rectified even and odd Gabor responses on a grid); <c>complex</c> (their quadrature energy); <c>pooled</c>
/// (energy averaged over 2 x 2 grid neighbourhoods). Filters: 8 orientations x 3 frequencies (0.08, 0.16,
/// 0.32 cycles/pixel) at a grid of positions spaced 1/4 of the image.
/// </summary>
public sealed class GaborSource : IActivationSource
{
    public string ModelId => "gabor-v1";
    public IReadOnlyList<string> LayerNames { get; } = ["pixels", "simple", "complex", "pooled"];
    private const int Grid = 4;

    public IReadOnlyDictionary<string, Matrix<double>> GetActivations(ImageBatch images, IReadOnlyList<string> layers, CancellationToken cancellationToken = default)
    {
        foreach (var l in layers)
            if (!LayerNames.Contains(l)) throw new ArgumentException($"The Gabor source has no layer '{l}'. Layers: {string.Join(", ", LayerNames)}.");
        var res = new Dictionary<string, Matrix<double>>();
        if (layers.Contains("pixels")) res["pixels"] = new PixelSource().GetActivations(images, ["pixels"], cancellationToken)["pixels"];
        if (!layers.Any(l => l is "simple" or "complex" or "pooled")) return res;
        var filters = (from gy in Enumerable.Range(0, Grid) from gx in Enumerable.Range(0, Grid)
                       from o in Enumerable.Range(0, 8) from f in new[] { 0.08, 0.16, 0.32 }
                       select new GaborFilter(Math.PI * o / 8, f, (gx + 0.5) * images.Width / Grid - 0.5, (gy + 0.5) * images.Height / Grid - 0.5,
                           GaborBank.SigmaFor(f))).ToArray();
        var (even, odd) = new GaborBank(filters).Quadrature(images);
        var n = images.Count; var perPos = 24;
        if (layers.Contains("simple"))
            res["simple"] = DenseMatrix.Create(n, 4 * filters.Length, (i, j) => (j % 4) switch
            {
                0 => Math.Max(0, even[i, j / 4]), 1 => Math.Max(0, -even[i, j / 4]), 2 => Math.Max(0, odd[i, j / 4]), _ => Math.Max(0, -odd[i, j / 4]),
            });
        var energy = DenseMatrix.Create(n, filters.Length, (i, k) => Math.Sqrt(even[i, k] * even[i, k] + odd[i, k] * odd[i, k]));
        if (layers.Contains("complex")) res["complex"] = energy;
        if (layers.Contains("pooled"))
        {
            var half = Grid / 2;
            res["pooled"] = DenseMatrix.Create(n, half * half * perPos, (i, j) =>
            {
                var cell = j / perPos; var feature = j % perPos;
                int cy = cell / half, cx = cell % half;
                double s = 0;
                for (var dy = 0; dy < 2; dy++)
                    for (var dx = 0; dx < 2; dx++) s += energy[i, ((2 * cy + dy) * Grid + 2 * cx + dx) * perPos + feature];
                return s / 4;
            });
        }
        return res;
    }
}
