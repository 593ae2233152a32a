namespace VvsNotebook.Figures;

/// <summary>
/// seaborn's <c>size</c> semantic: a numeric value mapped linearly (or, as <c>size_norm=LogNorm()</c>, through its
/// log) from the data's [min, max] onto [<see cref="MinSize"/>, <see cref="MaxSize"/>]. seaborn's defaults are marker
/// areas 0.5x to 2x <c>markersize²</c> for scatters (18-72 pt²; <see cref="DiameterOfArea"/> gives Plotly's marker
/// diameter) and line widths 0.75-3 for line plots. Values outside the range are clipped to its ends.
/// </summary>
public sealed record SizeScale(double VMin, double VMax, double MinSize, double MaxSize, bool Log)
{
    /// <summary>A log-normed scale over <paramref name="values"/> (all positive), as <c>size_norm=LogNorm()</c>.</summary>
    public static SizeScale LogOf(IEnumerable<double> values, double minSize, double maxSize) => Over(values, minSize, maxSize, log: true);

    /// <summary>A linear scale over <paramref name="values"/>, as seaborn's default norm.</summary>
    public static SizeScale LinearOf(IEnumerable<double> values, double minSize, double maxSize) => Over(values, minSize, maxSize, log: false);

    /// <summary>The value's position in the range, 0 (smallest) to 1 (largest).</summary>
    public double Normalize(double value)
    {
        if (VMax == VMin) return 0.5;
        var t = Log ? (Math.Log(value) - Math.Log(VMin)) / (Math.Log(VMax) - Math.Log(VMin)) : (value - VMin) / (VMax - VMin);
        return Math.Clamp(t, 0, 1);
    }

    /// <summary>The size of <paramref name="value"/>.</summary>
    public double Of(double value) => MinSize + Normalize(value) * (MaxSize - MinSize);

    /// <summary>For a scale of marker areas (matplotlib's <c>s</c>): the side of the square of that area, Plotly's marker size.</summary>
    public double DiameterOfArea(double value) => Math.Sqrt(Of(value));

    private static SizeScale Over(IEnumerable<double> values, double minSize, double maxSize, bool log)
    {
        var finite = values.Where(v => double.IsFinite(v) && (!log || v > 0)).ToArray();
        if (finite.Length == 0)
            throw new ArgumentException(log ? "A log size scale needs at least one positive value." : "A size scale needs at least one finite value.", nameof(values));
        return new SizeScale(finite.Min(), finite.Max(), minSize, maxSize, log);
    }
}
