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

    public static string Plain(ScalingLawFit fit)
    {
        var xs = fit.Data.XNames.Select(Symbol).ToArray();
        string Term(double coefficient, string x, double exponent) => $"{Number(coefficient)} {x}^{Number(-exponent)}";
        var terms = fit.Form switch
        {
            LawForm.PowerLaw => [Term(fit.A, xs[0], fit.Alpha)],
            LawForm.PowerLawShift => [Term(fit.A, $"({xs[0]} + 10^{Number(fit.Lambda!.Value)})", fit.Alpha)],
            _ => new[] { Term(fit.A, xs[0], fit.Alpha), Term(fit.B!.Value, xs[1], fit.Beta!.Value) },
        };
        return fit.Data.InvertedY
            ? $"S = {Number(fit.SHat)} - {string.Join(" - ", terms)}"
            : $"L = {Number(fit.E)} + {string.Join(" + ", terms)}";
    }

    public static string Latex(ScalingLawFit fit)
    {
        var xs = fit.Data.XNames.Select(c => $"\\tilde{{{Symbol(c)}}}").ToArray();
        string Term(double coefficient, string x, double exponent) => $"{Number(coefficient)}\\,{x}^{{{Number(-exponent)}}}";
        var terms = fit.Form switch
        {
            LawForm.PowerLaw => [Term(fit.A, xs[0], fit.Alpha)],
            LawForm.PowerLawShift => [Term(fit.A, $"\\left({xs[0]} + 10^{{{Number(fit.Lambda!.Value)}}}\\right)", fit.Alpha)],
            _ => new[] { Term(fit.A, xs[0], fit.Alpha), Term(fit.B!.Value, xs[1], fit.Beta!.Value) },
        };
        return fit.Data.InvertedY
            ? $"S = {Number(fit.SHat)} - {string.Join(" - ", terms)}"
            : $"L = {Number(fit.E)} + {string.Join(" + ", terms)}";
    }
}
