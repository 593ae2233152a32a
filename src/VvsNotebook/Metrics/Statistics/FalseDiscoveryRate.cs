using VvsNotebook.Display;

namespace VvsNotebook.Metrics.Statistics;

/// <summary>Benjamini-Hochberg adjusted p-values and rejections (statsmodels <c>multipletests(method='fdr_bh')</c>).</summary>
public sealed record FdrResult(IReadOnlyList<double> PValues, IReadOnlyList<double> Adjusted, IReadOnlyList<bool> Reject, double Alpha)
    : IMimeRenderable
{
    public IReadOnlyDictionary<string, string> ToMimeBundle() => MetricTable.Bundle(
        $"Benjamini-Hochberg FDR (alpha = {Alpha}): {Reject.Count(r => r)} of {PValues.Count} rejected",
        ["test", "p", "p (BH-adjusted)", "reject"],
        PValues.Select((p, i) => (IReadOnlyList<string>)[i.ToString(), MetricTable.Num(p), MetricTable.Num(Adjusted[i]), Reject[i] ? "yes" : "no"]));
}

public static class FalseDiscoveryRate
{
    public static FdrResult BenjaminiHochberg(IReadOnlyList<double> pValues, double alpha = 0.05)
    {
        if (pValues.Count == 0) throw new ArgumentException("FDR correction needs at least one p-value.");
        for (var i = 0; i < pValues.Count; i++)
            if (!(pValues[i] >= 0 && pValues[i] <= 1))
                throw new ArgumentException($"p-value {i} is {pValues[i]}; p-values must lie in [0, 1].");
        var m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        var adjusted = new double[m];
        var running = double.PositiveInfinity;
        for (var k = m - 1; k >= 0; k--)
        {
            running = Math.Min(running, pValues[order[k]] * m / (k + 1));
            adjusted[order[k]] = Math.Min(1, running);
        }
        return new FdrResult(pValues.ToArray(), adjusted, adjusted.Select(a => a <= alpha).ToArray(), alpha);
    }
}
