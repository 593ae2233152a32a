using VvsNotebook.Fitting;
using VvsNotebook.Fitting.Bootstrap;

namespace VvsNotebook.Metrics.Statistics;

/// <summary>
/// The least-squares line of y on x along a grid of x, with seaborn <c>regplot</c>'s confidence band: the pairs are
/// resampled with replacement, the line refitted on each resample, and the band is the pointwise percentile interval
/// of the refitted lines (Fig. S1). Seaborn draws from an unseeded generator; this one is seeded (numpy's
/// <c>default_rng(seed).integers(0, n, size=(resamples, n))</c>), so reruns agree.
/// </summary>
public sealed record RegressionBand(IReadOnlyList<double> X, IReadOnlyList<double> Line, IReadOnlyList<double> Lower,
    IReadOnlyList<double> Upper, double Level, int Resamples)
{
    /// <summary>
    /// The line of <paramref name="y"/> on <paramref name="x"/> at <paramref name="points"/> evenly spaced x from the
    /// smallest to the largest (seaborn's <c>truncate=True</c>), with its <paramref name="level"/>% bootstrap band.
    /// A resample whose x are all equal has no slope and is left out, as numpy's least squares would give it none.
    /// </summary>
    public static RegressionBand Bootstrap(IReadOnlyList<double> x, IReadOnlyList<double> y, double level = 95, int resamples = 1000,
        ulong seed = 0, int points = 100)
    {
        var fit = LinearRegression.Fit(x, y);
        if (!(level > 0 && level < 100)) throw new ArgumentOutOfRangeException(nameof(level), level, "The level is a percentage between 0 and 100.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(resamples);
        if (points < 2) throw new ArgumentOutOfRangeException(nameof(points), points, "A line needs at least 2 grid points.");
        var n = x.Count;
        var (min, max) = (x.Min(), x.Max());
        var grid = Enumerable.Range(0, points).Select(i => i == points - 1 ? max : min + (max - min) * i / (points - 1)).ToArray();
        var idx = Pcg64.DefaultRng(seed).Integers(0, n, resamples * n);
        var lines = new List<double[]>(resamples);
        for (var b = 0; b < resamples; b++)
        {
            double sx = 0, sy = 0;
            for (var i = 0; i < n; i++) { var k = (int)idx[b * n + i]; sx += x[k]; sy += y[k]; }
            double mx = sx / n, my = sy / n, sxx = 0, sxy = 0;
            for (var i = 0; i < n; i++)
            {
                var k = (int)idx[b * n + i];
                double dx = x[k] - mx;
                sxx += dx * dx; sxy += dx * (y[k] - my);
            }
            if (sxx == 0) continue;
            var slope = sxy / sxx;
            lines.Add(grid.Select(g => my + slope * (g - mx)).ToArray());
        }
        var band = ConfidenceBand.Pointwise(grid, lines.Count, (b, j) => lines[b][j], level);
        return new RegressionBand(grid, grid.Select(g => fit.Intercept + fit.Slope * g).ToArray(), band.Lower, band.Upper, level, lines.Count);
    }
}
