using System.Globalization;
using VvsNotebook.Fitting.Laws;

namespace VvsNotebook.Fitting;

/// <summary>Writes a fitted law the way the paper does, e.g. <c>S = 0.48 - 0.55 C^-0.16</c>.</summary>
internal static class LawText
{
    /// <summary>The paper's symbol of a column: C, N, D, else the column name.</summary>
    public static string Symbol(string column) => column switch
    {
        "total_flops" => "C",
        "n_params" => "N",
        "n_samples_seen" => "D",
        _ => column,
    };

    /// <summary>Two decimals with trailing zeros dropped (0.48, 1.4, 1), more precision only for tiny values.</summary>
    public static string Number(double v) => v == 0 || (Math.Abs(v) >= 0.01 && Math.Abs(v) < 1e4)
        ? v.ToString("0.##", CultureInfo.InvariantCulture)
        : v.ToString("0.##e+0", CultureInfo.InvariantCulture);

    public static string Plain(ScalingLawFit fit) => Render(fit, Symbol,
        (coefficient, x, exponent) => $"{Number(coefficient)} {x}^{Number(-exponent)}",
        (x, lambda) => $"({x} + 10^{Number(lambda)})");

    public static string Latex(ScalingLawFit fit) => Render(fit, c => $"\\tilde{{{Symbol(c)}}}",
        (coefficient, x, exponent) => $"{Number(coefficient)}\\,{x}^{{{Number(-exponent)}}}",
        (x, lambda) => $"\\left({x} + 10^{{{Number(lambda)}}}\\right)");

    /// <summary>S = S_hat - A X^-alpha [- B D^-beta], or L = E + ... for a fit of a non-inverted target.</summary>
    private static string Render(ScalingLawFit fit, Func<string, string> symbol, Func<double, string, double, string> term,
        Func<string, double, string> shifted)
    {
        var xs = fit.Data.XNames.Select(symbol).ToArray();
        var terms = fit.Form switch
        {
            LawForm.PowerLaw => [term(fit.A, xs[0], fit.Alpha)],
            LawForm.PowerLawShift => [term(fit.A, shifted(xs[0], fit.Lambda!.Value), fit.Alpha)],
            _ => new[] { term(fit.A, xs[0], fit.Alpha), term(fit.B!.Value, xs[1], fit.Beta!.Value) },
        };
        return fit.Data.InvertedY
            ? $"S = {Number(fit.SHat)} - {string.Join(" - ", terms)}"
            : $"L = {Number(fit.E)} + {string.Join(" + ", terms)}";
    }
}
