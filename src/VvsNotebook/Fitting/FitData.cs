namespace VvsNotebook.Fitting;

/// <summary>
/// The points a scaling law is fitted to: inputs already divided by their scalers (C/1e13, N/1e5, D/1e4) and the
/// target L (misalignment, 1 - score). Creation validates: no rows, non-positive or non-finite inputs, and targets
/// whose logarithm is undefined are errors naming the offending rows.
/// </summary>
public sealed record FitData
{
    /// <summary>Input columns, e.g. <c>["total_flops"]</c> or <c>["n_params", "n_samples_seen"]</c>.</summary>
    public required IReadOnlyList<string> XNames { get; init; }
    /// <summary>The divisor applied to each input.</summary>
    public required IReadOnlyList<double> XScale { get; init; }
    /// <summary>Scaled inputs, <c>X[input][row]</c>.</summary>
    public required IReadOnlyList<double[]> X { get; init; }
    /// <summary>Target per row (L = 1 - score when the experiment inverts).</summary>
    public required double[] Y { get; init; }
    /// <summary>A name per row (model id) for messages and plot hovers.</summary>
    public required IReadOnlyList<string> Labels { get; init; }
    /// <summary>Whether <see cref="Y"/> is 1 - score (so that S = 1 - L).</summary>
    public bool InvertedY { get; init; } = true;
    /// <summary>Raw compute per row (FLOPs), when known: the allocation regresses it on N*D.</summary>
    public double[]? Compute { get; init; }

    public int Count => Y.Length;

    /// <summary>Builds and validates fit data; <paramref name="what"/> names the experiment in errors.</summary>
    public static FitData Create(IReadOnlyList<string> xNames, IReadOnlyList<double> xScale, IReadOnlyList<double[]> x, double[] y,
        IReadOnlyList<string>? labels = null, bool invertedY = true, double[]? compute = null, string what = "fit")
    {
        labels ??= Enumerable.Range(0, y.Length).Select(i => $"row {i}").ToArray();
        if (y.Length == 0) throw new InvalidDataException($"{what}: no data points to fit.");
        if (x.Count != xNames.Count || x.Count != xScale.Count || x.Any(c => c.Length != y.Length) || labels.Count != y.Length)
            throw new ArgumentException($"{what}: inputs, scalers, targets and labels differ in length.");
        for (var j = 0; j < x.Count; j++)
        {
            var bad = Enumerable.Range(0, y.Length).Where(i => !(x[j][i] > 0) || double.IsInfinity(x[j][i])).ToArray();
            if (bad.Length > 0)
                throw new InvalidDataException($"{what}: {xNames[j]} must be positive and finite for a power law, but {bad.Length} point(s) " +
                    $"are not: {Describe(bad, labels, x[j])}.");
        }
        var badY = Enumerable.Range(0, y.Length).Where(i => !(y[i] > 0) || double.IsInfinity(y[i])).ToArray();
        if (badY.Length > 0)
            throw new InvalidDataException($"{what}: the fitted quantity{(invertedY ? " L = 1 - score" : "")} must be positive and finite " +
                $"(its log is fitted), but {badY.Length} point(s) are not: {Describe(badY, labels, y)}.");
        return new FitData { XNames = xNames, XScale = xScale, X = x, Y = y, Labels = labels, InvertedY = invertedY, Compute = compute };
    }

    /// <summary>The rows at <paramref name="indices"/> (with repetition), for a bootstrap replicate.</summary>
    public FitData Resample(ReadOnlySpan<int> indices)
    {
        var idx = indices.ToArray();
        return this with
        {
            X = X.Select(c => idx.Select(i => c[i]).ToArray()).ToArray(),
            Y = idx.Select(i => Y[i]).ToArray(),
            Labels = idx.Select(i => Labels[i]).ToArray(),
            Compute = Compute is null ? null : idx.Select(i => Compute[i]).ToArray(),
        };
    }

    private static string Describe(int[] bad, IReadOnlyList<string> labels, double[] values) =>
        string.Join(", ", bad.Take(5).Select(i => $"{labels[i]} ({values[i]})")) + (bad.Length > 5 ? ", ..." : "");
}
