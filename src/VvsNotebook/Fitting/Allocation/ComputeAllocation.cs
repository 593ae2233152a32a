namespace VvsNotebook.Fitting.Allocation;

/// <summary>
/// Compute-optimal allocation of the joint law (Eqs. 7-9): a' = beta/(alpha+beta), b' = alpha/(alpha+beta),
/// G = (alpha A / (beta B))^(1/(alpha+beta)), and C = m (N D)^n fitted by least squares in log10 space, so that
/// N*(C) = G (C/m)^(a'/n) and D*(C) = (C/m)^(b'/n) / G. N, D and C are in the fit's scaled units
/// (N/1e5, D/1e4, C/(1e5 x 1e4)); <see cref="OptimalN"/> and <see cref="OptimalD"/> take and return raw units.
/// </summary>
public sealed record ComputeAllocation(double APrime, double BPrime, double G, double M, double N, double R, double NScale, double DScale)
{
    /// <summary>Exponent of N* in C: a'/n (the paper's 0.27).</summary>
    public double NExponent => APrime / N;
    /// <summary>Exponent of D* in C: b'/n (the paper's 0.70).</summary>
    public double DExponent => BPrime / N;

    /// <summary>Allocation from joint-law natural parameters and the (scaled) data's N, D and C.</summary>
    public static ComputeAllocation Compute(double a, double alpha, double b, double beta, ReadOnlySpan<double> n, ReadOnlySpan<double> d,
        ReadOnlySpan<double> cScaled, double nScale, double dScale)
    {
        var (slope, intercept, r) = LinearRegression(n, d, cScaled);
        return FromCoefficients(a, alpha, b, beta, slope, Math.Pow(10, intercept), r, nScale, dScale);
    }

    /// <summary>Allocation with given C = m (N D)^n coefficients (the bootstrap band keeps the data's m and n).</summary>
    public static ComputeAllocation FromCoefficients(double a, double alpha, double b, double beta, double n, double m, double r,
        double nScale, double dScale) =>
        new(beta / (alpha + beta), alpha / (alpha + beta), Math.Pow(alpha * a / (beta * b), 1 / (alpha + beta)), m, n, r, nScale, dScale);

    /// <summary>Optimal model size N* (raw parameter count) for raw compute <paramref name="flops"/>.</summary>
    public double OptimalN(double flops) => G * Math.Pow(flops / (NScale * DScale) / M, APrime / N) * NScale;

    /// <summary>Optimal samples seen D* (raw) for raw compute <paramref name="flops"/>.</summary>
    public double OptimalD(double flops) => Math.Pow(flops / (NScale * DScale) / M, BPrime / N) / G * DScale;

    private static (double Slope, double Intercept, double R) LinearRegression(ReadOnlySpan<double> n, ReadOnlySpan<double> d, ReadOnlySpan<double> c)
    {
        var x = new double[n.Length];
        var y = new double[n.Length];
        for (var i = 0; i < n.Length; i++)
        {
            x[i] = Math.Log10(n[i] * d[i]);
            y[i] = Math.Log10(c[i]);
        }
        var (intercept, slope) = MathNet.Numerics.Fit.Line(x, y);
        var r = MathNet.Numerics.Statistics.Correlation.Pearson(x, y);
        return (slope, intercept, r);
    }
}
