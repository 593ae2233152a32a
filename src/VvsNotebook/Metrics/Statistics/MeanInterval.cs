using VvsNotebook.Fitting;
using VvsNotebook.Fitting.Bootstrap;

namespace VvsNotebook.Metrics.Statistics;

/// <summary>
/// A mean with the percentile interval of its bootstrap distribution: seaborn's <c>errorbar=("ci", 95)</c> (1000
/// resamples of the values with replacement), which the paper's bar and line plots draw (Figs. 3b, 5b, 6c, 7c). Seaborn
/// draws from an unseeded generator; this one is seeded (numpy's <c>default_rng(seed)</c>), so reruns agree.
/// </summary>
public sealed record MeanInterval(double Mean, double Low, double High, double Level, int Count)
{
    public static MeanInterval Bootstrap(IReadOnlyList<double> values, double level = 95, int resamples = 1000, ulong seed = 0)
    {
        if (values.Count == 0) throw new ArgumentException("A mean interval needs at least one value.", nameof(values));
        if (!(level > 0 && level < 100)) throw new ArgumentOutOfRangeException(nameof(level), level, "The level is a percentage between 0 and 100.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(resamples);
        var mean = values.Average();
        if (values.Count == 1) return new MeanInterval(mean, mean, mean, level, 1);
        var rng = Pcg64.DefaultRng(seed);
        var idx = rng.Integers(0, values.Count, resamples * values.Count);
        var means = new double[resamples];
        for (var b = 0; b < resamples; b++)
        {
            double s = 0;
            for (var i = 0; i < values.Count; i++) s += values[(int)idx[b * values.Count + i]];
            means[b] = s / values.Count;
        }
        Array.Sort(means);
        return new MeanInterval(mean, Percentile.OfSorted(means, (100 - level) / 2), Percentile.OfSorted(means, 100 - (100 - level) / 2), level, values.Count);
    }
}
