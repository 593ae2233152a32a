namespace VvsNotebook.Metrics.Statistics;

/// <summary>Brain-Score's error conventions over splits (population std, ddof 0, and std / sqrt(n)), and the sample std (ddof 1).</summary>
internal static class Spread
{
    public static double PopulationStd(IReadOnlyList<double> v)
    {
        var m = v.Average();
        return Math.Sqrt(v.Select(x => (x - m) * (x - m)).Average());
    }

    /// <summary>numpy's <c>std(ddof=1)</c>; NaN for fewer than two values, as pandas gives.</summary>
    public static double SampleStd(IReadOnlyList<double> v)
    {
        if (v.Count < 2) return double.NaN;
        var m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Count - 1));
    }

    public static double StandardErrorOfMean(IReadOnlyList<double> v) => PopulationStd(v) / Math.Sqrt(v.Count);
}
