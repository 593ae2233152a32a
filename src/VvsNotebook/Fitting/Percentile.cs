namespace VvsNotebook.Fitting;

/// <summary>numpy's default percentile (linear interpolation between order statistics).</summary>
public static class Percentile
{
    /// <summary>The <paramref name="q"/>-th percentile (0..100) of <paramref name="values"/>, ignoring nothing: NaN in, NaN out.</summary>
    public static double Of(IEnumerable<double> values, double q)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return OfSorted(sorted, q);
    }

    /// <summary>Percentile of already sorted values.</summary>
    public static double OfSorted(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        if (double.IsNaN(sorted[^1]) || double.IsNaN(sorted[0])) return double.NaN;
        var pos = q / 100.0 * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        var frac = pos - lo;
        var diff = sorted[hi] - sorted[lo];
        // numpy's _lerp: from the nearer end, so the result is exact at both ends and monotone.
        return frac >= 0.5 ? sorted[hi] - diff * (1 - frac) : sorted[lo] + diff * frac;
    }
}
