namespace VvsNotebook.Metrics.Statistics;

/// <summary>Brain-Score's error conventions over splits: population std (ddof 0) and std / sqrt(n).</summary>
internal static class Spread
{
    public static double PopulationStd(IReadOnlyList<double> v)
    {
        var m = v.Average();
        return Math.Sqrt(v.Select(x => (x - m) * (x - m)).Average());
    }

    public static double StandardErrorOfMean(IReadOnlyList<double> v) => PopulationStd(v) / Math.Sqrt(v.Count);
}
