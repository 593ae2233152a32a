namespace VvsNotebook.Fitting.Laws;

/// <summary>Evaluates the laws in their LSE parametrisation: log L = LSE(a - alpha log X, e) and its variants.</summary>
public static class ScalingLaw
{
    /// <summary>L at one point (inputs already scaled); <paramref name="x2"/> is D for the joint law.</summary>
    public static double Loss(LawForm form, ReadOnlySpan<double> p, double x1, double x2 = double.NaN) => Math.Exp(LogLoss(form, p, x1, x2));

    /// <summary>log L at one point, computed stably in log space.</summary>
    public static double LogLoss(LawForm form, ReadOnlySpan<double> p, double x1, double x2 = double.NaN) => form switch
    {
        LawForm.PowerLaw => Lse(p[0], p[1] - p[2] * Math.Log(x1)),
        LawForm.PowerLawShift => Lse(p[0], p[1] - p[3] * Math.Log(x1 + Math.Pow(10, p[2]))),
        LawForm.Chinchilla => Lse3(p[0], p[1] - p[2] * Math.Log(x1), p[3] - p[4] * Math.Log(x2)),
        _ => throw new ArgumentOutOfRangeException(nameof(form)),
    };

    internal static double Lse(double u, double v)
    {
        var m = Math.Max(u, v);
        return m + Math.Log(1 + Math.Exp(-Math.Abs(u - v)));
    }

    internal static double Lse3(double u, double v, double w)
    {
        var m = Math.Max(u, Math.Max(v, w));
        return m + Math.Log(Math.Exp(u - m) + Math.Exp(v - m) + Math.Exp(w - m));
    }
}
