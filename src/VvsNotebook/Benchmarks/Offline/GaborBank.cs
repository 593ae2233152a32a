using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using VvsNotebook.Activations;
using VvsNotebook.Metrics.Numerics;

namespace VvsNotebook.Benchmarks.Offline;

/// <summary>A Gabor receptive field: orientation (radians), spatial frequency (cycles/pixel), centre and envelope width (pixels).</summary>
public sealed record GaborFilter(double Orientation, double Frequency, double X, double Y, double Sigma);

/// <summary>
/// A bank of quadrature Gabor pairs applied to grey-centred luminance. Even and odd responses are linear filters
/// (simple cells); their energy sqrt(even² + odd²) is phase invariant (complex cells, Adelson &amp; Bergen 1985).
/// </summary>
public sealed record GaborBank(IReadOnlyList<GaborFilter> Filters)
{
    /// <summary>Envelope width from frequency: about a 1.5-octave bandwidth (sigma ≈ 0.45 / f), at least one pixel.</summary>
    public static double SigmaFor(double frequency) => Math.Max(1.0, 0.45 / frequency);

    /// <summary>Even and odd responses, images x filters each.</summary>
    public (Matrix<double> Even, Matrix<double> Odd) Quadrature(ImageBatch images)
    {
        int h = images.Height, w = images.Width, f = Filters.Count;
        var kernels = new double[h * w * 2 * f]; // (pixels) x (2f), column-major
        for (var k = 0; k < f; k++)
        {
            var g = Filters[k];
            var (cos, sin) = (Math.Cos(g.Orientation), Math.Sin(g.Orientation));
            double evenMean = 0, envSum = 0;
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                {
                    double dx = x - g.X, dy = y - g.Y;
                    var u = dx * cos + dy * sin;
                    var env = Math.Exp(-(dx * dx + dy * dy) / (2 * g.Sigma * g.Sigma));
                    kernels[(2 * k) * h * w + y * w + x] = env * Math.Cos(2 * Math.PI * g.Frequency * u);
                    kernels[(2 * k + 1) * h * w + y * w + x] = env * Math.Sin(2 * Math.PI * g.Frequency * u);
                    evenMean += env * Math.Cos(2 * Math.PI * g.Frequency * u); envSum += env;
                }
            // Remove the even filter's DC response so uniform luminance drives neither filter.
            var dc = evenMean / envSum;
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                {
                    double dx = x - g.X, dy = y - g.Y;
                    kernels[(2 * k) * h * w + y * w + x] -= dc * Math.Exp(-(dx * dx + dy * dy) / (2 * g.Sigma * g.Sigma));
                }
        }
        var lum = Luminance(images); // pixels x images column-major = images row-major
        var resp = ColumnMajor.TransposeMultiply(lum, h * w, images.Count, kernels, 2 * f); // images x 2f
        var n = images.Count;
        var even = new DenseMatrix(n, f); var odd = new DenseMatrix(n, f);
        for (var k = 0; k < f; k++)
            for (var i = 0; i < n; i++) { even[i, k] = resp[i + 2 * k * n]; odd[i, k] = resp[i + (2 * k + 1) * n]; }
        return (even, odd);
    }

    /// <summary>Phase-invariant energy, images x filters.</summary>
    public Matrix<double> Energy(ImageBatch images)
    {
        var (e, o) = Quadrature(images);
        return e.PointwiseMultiply(e).Add(o.PointwiseMultiply(o)).PointwiseSqrt();
    }

    /// <summary>Mean over channels minus mid grey; one column per image (column-major pixels x images).</summary>
    internal static double[] Luminance(ImageBatch images)
    {
        var hw = images.Height * images.Width;
        var lum = new double[images.Count * hw];
        for (var i = 0; i < images.Count; i++)
            for (var c = 0; c < images.Channels; c++)
                for (var p = 0; p < hw; p++)
                    lum[i * hw + p] += (images.Pixels[(i * images.Channels + c) * hw + p] - 0.5) / images.Channels;
        return lum;
    }
}
