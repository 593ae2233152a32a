using VvsNotebook.Fitting.Laws;

namespace VvsNotebook.Fitting.Bootstrap;

/// <summary>
/// The best LSE parameters of each bootstrap replicate, in replicate order (replicate b used row indices
/// <c>default_rng(seed).integers(0, n, size=(B, n))[b]</c>), with their losses.
/// </summary>
public sealed record BootstrapResult(LawForm Form, ulong Seed, IReadOnlyList<double[]> Parameters, IReadOnlyList<double> Losses)
{
    public int Count => Parameters.Count;

    /// <summary>
    /// The bootstrap made of consecutive slices (e.g. the parts cluster tasks computed), in replicate order; they must
    /// be of one form and seed.
    /// </summary>
    public static BootstrapResult Concat(IReadOnlyList<BootstrapResult> parts)
    {
        if (parts.Count == 0) throw new ArgumentException("No bootstrap parts to put together.", nameof(parts));
        if (parts.Any(p => p.Form != parts[0].Form || p.Seed != parts[0].Seed))
            throw new ArgumentException("The bootstrap parts come from different laws or seeds; they cannot be put together.", nameof(parts));
        return new BootstrapResult(parts[0].Form, parts[0].Seed, parts.SelectMany(p => p.Parameters).ToList(), parts.SelectMany(p => p.Losses).ToList());
    }

    /// <summary>Per-parameter percentile <paramref name="q"/> (0..100) over replicates, numpy's linear method.</summary>
    public double[] ParameterPercentile(double q) =>
        Enumerable.Range(0, Form.ParameterNames().Count).Select(j => Percentile.Of(Parameters.Select(p => p[j]), q)).ToArray();

    /// <summary>Replicates whose natural-scale parameters (E, A, B) are finite; the original dropped the others before plotting.</summary>
    public IEnumerable<double[]> FiniteReplicates() => Parameters.Where(p =>
        p.All(double.IsFinite) && double.IsFinite(Math.Exp(p[0])) && double.IsFinite(Math.Exp(p[1]))
        && (Form != LawForm.Chinchilla || double.IsFinite(Math.Exp(p[3]))));
}

/// <summary>Replicates <see cref="First"/> to <see cref="First"/> + <see cref="Count"/> - 1 of a bootstrap.</summary>
public readonly record struct BootstrapSlice(int First, int Count)
{
    /// <summary>Slice <paramref name="part"/> of <paramref name="parts"/> near-equal slices of <paramref name="resamples"/> replicates.</summary>
    public static BootstrapSlice Part(int resamples, int parts, int part)
    {
        if (parts < 1 || parts > resamples) throw new ArgumentOutOfRangeException(nameof(parts), $"Split {resamples} resamples into 1 to {resamples} parts (got {parts}).");
        if (part < 0 || part >= parts) throw new ArgumentOutOfRangeException(nameof(part), $"Part {part} is not one of 0 to {parts - 1}.");
        var first = (int)((long)part * resamples / parts);
        return new BootstrapSlice(first, (int)((long)(part + 1) * resamples / parts) - first);
    }
}

/// <summary>A pointwise percentile band of S along <see cref="X"/> (raw units), e.g. 95% from the 2.5th and 97.5th percentiles.</summary>
public sealed record ConfidenceBand(double[] X, double[] Lower, double[] Upper, double Level, int Replicates)
{
    /// <summary>
    /// The band over <paramref name="replicates"/> curves along <paramref name="x"/>: at each point k, numpy's
    /// percentiles (100 - level)/2 and 100 - (100 - level)/2 of <paramref name="value"/>(replicate, k) over the replicates.
    /// </summary>
    public static ConfidenceBand Pointwise(IReadOnlyList<double> x, int replicates, Func<int, int, double> value, double level)
    {
        var lo = new double[x.Count];
        var hi = new double[x.Count];
        var column = new double[replicates];
        for (var k = 0; k < x.Count; k++)
        {
            for (var r = 0; r < replicates; r++) column[r] = value(r, k);
            Array.Sort(column);
            lo[k] = Percentile.OfSorted(column, (100 - level) / 2);
            hi[k] = Percentile.OfSorted(column, 100 - (100 - level) / 2);
        }
        return new ConfidenceBand(x.ToArray(), lo, hi, level, replicates);
    }
}
