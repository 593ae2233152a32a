using System.Globalization;
using VvsNotebook.Fitting;
using VvsNotebook.Fitting.Laws;

namespace VvsNotebook.Figures;

/// <summary>
/// A fitted law as the paper's figure legends print it (matplotlib mathtext there, Plotly's HTML subset here): every
/// number with two decimals, the variable with its tilde (C̃ = C/10¹³, Ñ = N/10⁵, D̃ = D/10⁴), and the shifted law of
/// Eq. 3 with its coefficient as a power of ten, e.g. <c>S = 0.41 − 10^3.87 (C̃ + 10^5.21)^−0.84</c>, since A runs to
/// 10^100 and more there. <see cref="ScalingLawFit.Law"/> is the compact form for text.
/// </summary>
public static class LegendLaw
{
    /// <summary>The legend text of a one-variable fit (power law or shifted power law), with <c>&lt;sup&gt;</c> exponents.</summary>
    public static string Of(ScalingLawFit fit)
    {
        if (fit.Form == LawForm.Chinchilla) throw new ArgumentException("The joint law's legend names its frontier; write it from fit.Allocation.", nameof(fit));
        var x = Symbol(fit.Data.XNames[0]);
        var s = Number(fit.SHat);
        var exponent = Sup(Number(-fit.Alpha));
        return fit.Form == LawForm.PowerLaw
            ? $"S = {s} − {Number(fit.A)} {x}{exponent}"
            : $"S = {s} − 10{Sup(Number(Math.Log10(fit.A)))} ({x} + 10{Sup(Number(fit.Lambda!.Value))}){exponent}";
    }

    /// <summary>C̃, Ñ or D̃ for the paper's three inputs; other columns as they are.</summary>
    public static string Symbol(string column) => LawText.Symbol(column) is var symbol && symbol != column ? symbol + "\u0303" : column;

    /// <summary>Two decimals (Python's <c>:.2f</c>) with a true minus sign.</summary>
    public static string Number(double v)
    {
        var text = v.ToString("0.00", CultureInfo.InvariantCulture);
        return text == "-0.00" ? "0.00" : text.Replace('-', '−');
    }

    private static string Sup(string text) => $"<sup>{text}</sup>";
}
