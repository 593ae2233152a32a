namespace VvsNotebook.Fitting.Optimization;

/// <summary>
/// The MINPACK-2 <c>dcsrch</c>/<c>dcstep</c> line search of Moré and Thuente, driven the way scipy's
/// <c>scalar_search_wolfe1</c> drives it (first step min(1, 2.02 (f0 - f_prev)/phi'(0)), at most 100 trials, any warning
/// counts as failure so the caller falls back to <see cref="WolfeZoom"/>).
/// </summary>
internal static class MoreThuente
{
    private const double C1 = 1e-4, C2 = 0.9, XTol = 1e-14, StpMin = 1e-100, StpMax = 1e100;

    public static bool Search(ref LineFunction line, double phi0, double oldPhi0, double derphi0, out double alpha, out double phiAlpha)
    {
        alpha = 0;
        phiAlpha = phi0;
        var stp = derphi0 != 0 ? Math.Min(1.0, 1.01 * 2 * (phi0 - oldPhi0) / derphi0) : 1.0;
        if (stp < 0 || double.IsNaN(stp)) stp = 1.0;
        if (derphi0 >= 0) return false; // dcsrch: "ERROR: INITIAL G .GE. ZERO"

        var brackt = false;
        var stage = 1;
        double finit = phi0, ginit = derphi0, gtest = C1 * ginit;
        double width = StpMax - StpMin, width1 = width / 0.5;
        double stx = 0, fx = finit, gx = ginit, sty = 0, fy = finit, gy = ginit;
        double stmin = 0, stmax = stp + 4.0 * stp;
        for (var iter = 0; iter < 100; iter++)
        {
            var (f, g) = line.At(stp);
            var ftest = finit + stp * gtest;
            if (stage == 1 && f <= ftest && g >= 0) stage = 2;
            if (double.IsNaN(f) || double.IsNaN(g)) return false;
            // dcsrch tests the warnings first but lets convergence override them; a warning alone ends the search
            // unsuccessfully (scipy then tries the other line search).
            if (f <= ftest && Math.Abs(g) <= C2 * -ginit)
            {
                alpha = stp;
                phiAlpha = f;
                return true;
            }
            if ((brackt && (stp <= stmin || stp >= stmax)) || (brackt && stmax - stmin <= XTol * stmax)
                || (stp == StpMax && f <= ftest && g <= gtest) || (stp == StpMin && (f > ftest || g >= gtest)))
                return false;
            if (stage == 1 && f <= fx && f > ftest)
            {
                double fm = f - stp * gtest, fxm = fx - stx * gtest, fym = fy - sty * gtest;
                double gm = g - gtest, gxm = gx - gtest, gym = gy - gtest;
                Step(ref stx, ref fxm, ref gxm, ref sty, ref fym, ref gym, ref stp, fm, gm, ref brackt, stmin, stmax);
                fx = fxm + stx * gtest;
                fy = fym + sty * gtest;
                gx = gxm + gtest;
                gy = gym + gtest;
            }
            else
            {
                Step(ref stx, ref fx, ref gx, ref sty, ref fy, ref gy, ref stp, f, g, ref brackt, stmin, stmax);
            }
            if (brackt)
            {
                if (Math.Abs(sty - stx) >= 0.66 * width1) stp = stx + 0.5 * (sty - stx);
                width1 = width;
                width = Math.Abs(sty - stx);
                stmin = Math.Min(stx, sty);
                stmax = Math.Max(stx, sty);
            }
            else
            {
                stmin = stp + 1.1 * (stp - stx);
                stmax = stp + 4.0 * (stp - stx);
            }
            stp = Math.Min(Math.Max(stp, StpMin), StpMax);
            if ((brackt && (stp <= stmin || stp >= stmax)) || (brackt && stmax - stmin <= XTol * stmax)) stp = stx;
        }
        return false;
    }

    /// <summary>MINPACK-2 <c>dcstep</c>: a safeguarded cubic/quadratic step that keeps an interval of uncertainty.</summary>
    private static void Step(ref double stx, ref double fx, ref double dx, ref double sty, ref double fy, ref double dy,
        ref double stp, double fp, double dp, ref bool brackt, double stpmin, double stpmax)
    {
        var sgnd = dp * (dx / Math.Abs(dx));
        double stpf;
        if (fp > fx)
        {
            var theta = 3 * (fx - fp) / (stp - stx) + dx + dp;
            var s = Max3(Math.Abs(theta), Math.Abs(dx), Math.Abs(dp));
            var gamma = s * Math.Sqrt((theta / s) * (theta / s) - (dx / s) * (dp / s));
            if (stp < stx) gamma = -gamma;
            var p = (gamma - dx) + theta;
            var q = ((gamma - dx) + gamma) + dp;
            var r = p / q;
            var stpc = stx + r * (stp - stx);
            var stpq = stx + ((dx / ((fx - fp) / (stp - stx) + dx)) / 2) * (stp - stx);
            stpf = Math.Abs(stpc - stx) < Math.Abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
            brackt = true;
        }
        else if (sgnd < 0)
        {
            var theta = 3 * (fx - fp) / (stp - stx) + dx + dp;
            var s = Max3(Math.Abs(theta), Math.Abs(dx), Math.Abs(dp));
            var gamma = s * Math.Sqrt((theta / s) * (theta / s) - (dx / s) * (dp / s));
            if (stp > stx) gamma = -gamma;
            var p = (gamma - dp) + theta;
            var q = ((gamma - dp) + gamma) + dx;
            var r = p / q;
            var stpc = stp + r * (stx - stp);
            var stpq = stp + (dp / (dp - dx)) * (stx - stp);
            stpf = Math.Abs(stpc - stp) > Math.Abs(stpq - stp) ? stpc : stpq;
            brackt = true;
        }
        else if (Math.Abs(dp) < Math.Abs(dx))
        {
            var theta = 3 * (fx - fp) / (stp - stx) + dx + dp;
            var s = Max3(Math.Abs(theta), Math.Abs(dx), Math.Abs(dp));
            var gamma = s * Math.Sqrt(Math.Max(0, (theta / s) * (theta / s) - (dx / s) * (dp / s)));
            if (stp > stx) gamma = -gamma;
            var p = (gamma - dp) + theta;
            var q = (gamma + (dx - dp)) + gamma;
            var r = p / q;
            double stpc = r < 0 && gamma != 0 ? stp + r * (stx - stp) : stp > stx ? stpmax : stpmin;
            var stpq = stp + (dp / (dp - dx)) * (stx - stp);
            if (brackt)
            {
                stpf = Math.Abs(stpc - stp) < Math.Abs(stpq - stp) ? stpc : stpq;
                stpf = stp > stx ? Math.Min(stp + 0.66 * (sty - stp), stpf) : Math.Max(stp + 0.66 * (sty - stp), stpf);
            }
            else
            {
                stpf = Math.Abs(stpc - stp) > Math.Abs(stpq - stp) ? stpc : stpq;
                stpf = Math.Max(stpmin, Math.Min(stpmax, stpf));
            }
        }
        else if (brackt)
        {
            var theta = 3 * (fp - fy) / (sty - stp) + dy + dp;
            var s = Max3(Math.Abs(theta), Math.Abs(dy), Math.Abs(dp));
            var gamma = s * Math.Sqrt((theta / s) * (theta / s) - (dy / s) * (dp / s));
            if (stp > sty) gamma = -gamma;
            var p = (gamma - dp) + theta;
            var q = ((gamma - dp) + gamma) + dy;
            var r = p / q;
            stpf = stp + r * (sty - stp);
        }
        else
        {
            stpf = stp > stx ? stpmax : stpmin;
        }

        if (fp > fx)
        {
            sty = stp;
            fy = fp;
            dy = dp;
        }
        else
        {
            if (sgnd < 0)
            {
                sty = stx;
                fy = fx;
                dy = dx;
            }
            stx = stp;
            fx = fp;
            dx = dp;
        }
        stp = stpf;
    }

    private static double Max3(double a, double b, double c) => Math.Max(a, Math.Max(b, c));
}
