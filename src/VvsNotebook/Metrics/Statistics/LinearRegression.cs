using MathNet.Numerics.Distributions;

namespace VvsNotebook.Metrics.Statistics;

/// <summary>
/// Least-squares line y = slope x + intercept with Pearson r and the two-sided p-value of r = 0 (Student t, n - 2
/// degrees of freedom), as <c>scipy.stats.linregress</c>: Figs. 6c and S1 report its r, R² and p.
/// </summary>
public sealed record LinearRegression(double Slope, double Intercept, double R, double P, double StdErr, int Count)
{
    public double RSquared => R * R;

    /// <summary>Fits the line; fewer than 3 points, unequal lengths, non-finite values or a constant x throw.</summary>
    public static LinearRegression Fit(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count) throw new ArgumentException($"x has {x.Count} values and y {y.Count}: a regression needs pairs.");
        var n = x.Count;
        if (n < 3) throw new ArgumentException($"A regression with a p-value needs at least 3 points, not {n}.");
        if (x.Concat(y).Any(v => !double.IsFinite(v))) throw new ArgumentException("x and y must be finite: drop missing values first.");
        double mx = x.Average(), my = y.Average(), sxx = 0, syy = 0, sxy = 0;
        for (var i = 0; i < n; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxx += dx * dx; syy += dy * dy; sxy += dx * dy;
        }
        if (sxx == 0) throw new ArgumentException("x is constant: the slope is undefined.");
        var slope = sxy / sxx;
        var r = syy == 0 ? 0 : Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1);
        var df = n - 2;
        double p, stderr;
        if (Math.Abs(r) == 1) (p, stderr) = (0, 0);
        else
        {
            var t = r * Math.Sqrt(df / ((1 - r) * (1 + r)));
            p = 2 * StudentT.CDF(0, 1, df, -Math.Abs(t));
            stderr = Math.Sqrt((1 - r * r) * syy / sxx / df);
        }
        return new LinearRegression(slope, my - slope * mx, r, p, stderr, n);
    }
}
