using VvsNotebook.Activations;

namespace VvsNotebook.Stimuli;

/// <summary>One sinusoidal grating: orientation (radians), spatial frequency (cycles/pixel), phase and contrast.</summary>
public sealed record GratingSpec(double Orientation, double Frequency, double Phase, double Contrast);

/// <summary>Full-field sinusoidal gratings on mean grey (0.5), the classic V1 stimulus.</summary>
public static class Gratings
{
    public static ImageBatch Render(IReadOnlyList<GratingSpec> specs, int size)
    {
        var pixels = new float[specs.Count * size * size];
        var c = (size - 1) / 2.0;
        for (var k = 0; k < specs.Count; k++)
        {
            var g = specs[k];
            var (cos, sin) = (Math.Cos(g.Orientation), Math.Sin(g.Orientation));
            for (var y = 0; y < size; y++)
                for (var x = 0; x < size; x++)
                {
                    var u = (x - c) * cos + (y - c) * sin;
                    pixels[(k * size + y) * size + x] = (float)(0.5 + 0.5 * g.Contrast * Math.Cos(2 * Math.PI * g.Frequency * u + g.Phase));
                }
        }
        return new ImageBatch(pixels, specs.Count, 1, size, size);
    }

    /// <summary>A grid of orientations x frequencies x phases at full contrast.</summary>
    public static IReadOnlyList<GratingSpec> Grid(int orientations, IReadOnlyList<double> frequencies, int phases) =>
        (from o in Enumerable.Range(0, orientations)
         from f in frequencies
         from p in Enumerable.Range(0, phases)
         select new GratingSpec(Math.PI * o / orientations, f, 2 * Math.PI * p / phases, 1.0)).ToArray();
}
