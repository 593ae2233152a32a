using System.Globalization;
using VvsNotebook.Fitting.Laws;

namespace VvsNotebook.Fitting;

/// <summary>
/// Why a fit's numbers may not mean what they seem: coefficients that ran off (the "power law" became a step), a best
/// loss that one start alone reached, an asymptote at its bound. A fit is printed and shown with these, never like any
/// other.
/// </summary>
public static class FitWarnings
{
    /// <summary>An amplitude (A or B) above this is a runaway: the term is negligible everywhere but at the smallest x.</summary>
    public const double MaxAmplitude = 1e12;

    /// <summary>An exponent above this makes the power term a step; measured scaling exponents are well below 1.</summary>
    public const double MaxExponent = 3;

    /// <summary>S_hat above this sits at its bound 1 (E = 1 - S_hat at 0).</summary>
    public const double SHatBound = 0.99;

    /// <summary>The warnings of <paramref name="fit"/>, in words; empty for a well-behaved fit.</summary>
    public static IReadOnlyList<string> Of(ScalingLawFit fit)
    {
        var warnings = new List<string>();
        var runaway = new List<string>();
        if (fit.A > MaxAmplitude) runaway.Add(Text($"A = {fit.A:G3}"));
        if (fit.B is { } b && b > MaxAmplitude) runaway.Add(Text($"B = {b:G3}"));
        if (fit.Alpha > MaxExponent) runaway.Add(Text($"alpha = {fit.Alpha:G3}"));
        if (fit.Beta is { } beta && beta > MaxExponent) runaway.Add(Text($"beta = {beta:G3}"));
        if (runaway.Count > 0)
            warnings.Add($"coefficients ran off ({string.Join(", ", runaway)}): the power term is a step over these data, so its A and alpha are not interpretable; S_hat is the plateau");
        if (fit.Starts >= 10 && fit.StartsAtBest * 100 < fit.Starts)
            warnings.Add(Text($"only {fit.StartsAtBest} of {fit.Starts} starts reached the best loss: the minimum is a narrow basin; check it with another --grid or the fit's landscape"));
        // The interval's lower ends, computed once: S_hat = 1 - exp(e) takes its upper end from e's lower percentile.
        var low = fit.Bootstrap is { Count: > 0 } boot ? boot.ParameterPercentile(2.5) : null;
        if (fit.SHat > SHatBound)
            warnings.Add(Text($"S_hat = {fit.SHat:G4} sits at its bound 1 (E -> 0): the data do not show where the score saturates"));
        else if (low is not null && 1 - Math.Exp(low[0]) is var sHatHigh && sHatHigh > SHatBound)
            warnings.Add(Text($"the 95% CI of S_hat reaches its bound 1 (upper end {sHatHigh:G4}): the asymptote is not pinned down"));
        if (low is not null && low[fit.ParameterNames.ToList().IndexOf("alpha")] is var alphaLow && alphaLow <= 1e-3)
            warnings.Add(Text($"the 95% CI of alpha reaches 0 (lower end {alphaLow:G3}): no scaling is within the interval"));
        return warnings;
    }

    private static string Text(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
