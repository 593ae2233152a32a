namespace VvsNotebook.Fitting.Optimization;

/// <summary>
/// The strong-Wolfe bracketing and zoom line search (Nocedal and Wright, Alg. 3.5/3.6) in the form of scipy's
/// <c>scalar_search_wolfe2</c>: the fallback when the Moré-Thuente search gives up.
/// </summary>
internal static class WolfeZoom
{
    private const double C1 = 1e-4, C2 = 0.9, AMax = 1e100;

    public static bool Search(ref LineFunction line, double phi0, double oldPhi0, double derphi0, out double alpha, out double phiAlpha)
    {
        alpha = 0;
        phiAlpha = phi0;
        double alpha0 = 0;
        var alpha1 = derphi0 != 0 ? Math.Min(1.0, 1.01 * 2 * (phi0 - oldPhi0) / derphi0) : 1.0;
        if (alpha1 < 0 || double.IsNaN(alpha1)) alpha1 = 1.0;
        alpha1 = Math.Min(alpha1, AMax);
        var phiA1 = line.At(alpha1).Phi;
        double phiA0 = phi0, derphiA0 = derphi0;
        for (var i = 0; i < 10; i++)
        {
            if (alpha1 == 0 || alpha0 == AMax) return false;
            if (phiA1 > phi0 + C1 * alpha1 * derphi0 || (phiA1 >= phiA0 && i > 0))
                return Zoom(ref line, alpha0, alpha1, phiA0, phiA1, derphiA0, phi0, derphi0, out alpha, out phiAlpha);
            var derphiA1 = line.At(alpha1).Derivative;
            if (Math.Abs(derphiA1) <= -C2 * derphi0)
            {
                alpha = alpha1;
                phiAlpha = phiA1;
                return true;
            }
            if (derphiA1 >= 0)
                return Zoom(ref line, alpha1, alpha0, phiA1, phiA0, derphiA1, phi0, derphi0, out alpha, out phiAlpha);
            var alpha2 = Math.Min(2 * alpha1, AMax);
            alpha0 = alpha1;
            alpha1 = alpha2;
            phiA0 = phiA1;
            phiA1 = line.At(alpha1).Phi;
            derphiA0 = derphiA1;
        }
        // scipy accepts the last trial step when the loop runs out (with a warning).
        alpha = alpha1;
        phiAlpha = phiA1;
        return double.IsFinite(phiA1);
    }

    private static bool Zoom(ref LineFunction line, double aLo, double aHi, double phiLo, double phiHi, double derphiLo,
        double phi0, double derphi0, out double alpha, out double phiAlpha)
    {
        double phiRec = phi0, aRec = 0;
        for (var i = 0; i <= 10; i++)
        {
            var dalpha = aHi - aLo;
            double a = Math.Min(aLo, aHi), b = Math.Max(aLo, aHi);
            double? aj = null;
            if (i > 0)
            {
                var cchk = 0.2 * dalpha;
                aj = CubicMin(aLo, phiLo, derphiLo, aHi, phiHi, aRec, phiRec);
                if (aj is { } c && (c > b - cchk || c < a + cchk)) aj = null;
            }
            if (aj is null)
            {
                var qchk = 0.1 * dalpha;
                aj = QuadMin(aLo, phiLo, derphiLo, aHi, phiHi);
                if (aj is not { } q || q > b - qchk || q < a + qchk) aj = aLo + 0.5 * dalpha;
            }
            var step = aj.Value;
            var (phiJ, _) = line.At(step);
            if (phiJ > phi0 + C1 * step * derphi0 || phiJ >= phiLo)
            {
                phiRec = phiHi;
                aRec = aHi;
                aHi = step;
                phiHi = phiJ;
            }
            else
            {
                var derphiJ = line.At(step).Derivative;
                if (Math.Abs(derphiJ) <= -C2 * derphi0)
                {
                    alpha = step;
                    phiAlpha = phiJ;
                    return true;
                }
                if (derphiJ * (aHi - aLo) >= 0)
                {
                    phiRec = phiHi;
                    aRec = aHi;
                    aHi = aLo;
                    phiHi = phiLo;
                }
                else
                {
                    phiRec = phiLo;
                    aRec = aLo;
                }
                aLo = step;
                phiLo = phiJ;
                derphiLo = derphiJ;
            }
        }
        alpha = 0;
        phiAlpha = phi0;
        return false;
    }

    /// <summary>Minimiser of the cubic through (a, fa) with slope fpa and through (b, fb), (c, fc); null if none.</summary>
    private static double? CubicMin(double a, double fa, double fpa, double b, double fb, double c, double fc)
    {
        double db = b - a, dc = c - a;
        var denom = (db * dc) * (db * dc) * (db - dc);
        if (denom == 0) return null;
        double d00 = dc * dc, d01 = -db * db, d10 = -dc * dc * dc, d11 = db * db * db;
        double v0 = fb - fa - fpa * db, v1 = fc - fa - fpa * dc;
        var A = (d00 * v0 + d01 * v1) / denom;
        var B = (d10 * v0 + d11 * v1) / denom;
        var radical = B * B - 3 * A * fpa;
        if (A == 0 || radical < 0) return null;
        var x = a + (-B + Math.Sqrt(radical)) / (3 * A);
        return double.IsFinite(x) ? x : null;
    }

    /// <summary>Minimiser of the quadratic through (a, fa) with slope fpa and through (b, fb); null if none.</summary>
    private static double? QuadMin(double a, double fa, double fpa, double b, double fb)
    {
        var db = b - a;
        var B = (fb - fa - fpa * db) / (db * db);
        if (B <= 0) return null;
        var x = a - fpa / (2 * B);
        return double.IsFinite(x) ? x : null;
    }
}
