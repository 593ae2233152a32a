using VvsNotebook.Fitting.Laws;

namespace VvsNotebook.Fitting;

/// <summary>
/// Groups a fit's start end points into basins by what they predict: two end points share a basin when their log L on
/// the fitted points agree to the basin tolerance, so runaway starts that stop at different places along one flat
/// valley count as one optimum. The bootstrap's warm starts (<see cref="ScalingLawFitter.DistinctOptima"/>) and the
/// landscape view (<see cref="FitLandscape"/>) both group this way.
/// </summary>
internal static class EndPointBasins
{
    /// <summary>
    /// The outcomes lowest loss first (ties: earliest start), each with the basin it joins, numbered in order of first
    /// appearance (so its first member is its lowest end point), or -1 for a failed end point (a non-finite loss,
    /// parameter or prediction). Lazy: a caller that needs only the first few basins can stop early.
    /// </summary>
    public static IEnumerable<(int Outcome, int Basin)> Assign(ScalingLawFit fit, double basinTolerance)
    {
        var x = fit.Data.X;
        double[] Predict(double[] p) => Enumerable.Range(0, fit.Data.Count)
            .Select(i => ScalingLaw.LogLoss(fit.Form, p, x[0][i], x.Count > 1 ? x[1][i] : double.NaN)).ToArray();
        var outcomes = fit.Outcomes;
        var basins = new List<double[]>();
        foreach (var k in Enumerable.Range(0, outcomes.Count)
                     .OrderBy(k => double.IsFinite(outcomes[k].Loss) ? outcomes[k].Loss : double.PositiveInfinity)
                     .ThenBy(k => outcomes[k].Index))
        {
            var o = outcomes[k];
            var prediction = double.IsFinite(o.Loss) && o.Parameters.All(double.IsFinite) ? Predict(o.Parameters) : null;
            if (prediction is null || !prediction.All(double.IsFinite))
            {
                yield return (k, -1);
                continue;
            }
            var basin = basins.FindIndex(b => MaxAbsDiff(b, prediction) <= basinTolerance);
            if (basin < 0)
            {
                basin = basins.Count;
                basins.Add(prediction);
            }
            yield return (k, basin);
        }
    }

    private static double MaxAbsDiff(double[] a, double[] b)
    {
        var m = 0.0;
        for (var i = 0; i < a.Length; i++) m = Math.Max(m, Math.Abs(a[i] - b[i]));
        return m;
    }
}
