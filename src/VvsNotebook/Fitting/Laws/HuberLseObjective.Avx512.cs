using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace VvsNotebook.Fitting.Laws;

// The 512-bit twin of the Vector256 kernels in HuberLseObjective.cs, line for line (Vector512, eight points per
// step). Kept as a copy because the two widths share no generic vector interface; on AVX-512 CPUs it runs the
// fits 1.5-1.9x faster (bench/fit). Change both together; ObjectiveTests checks each width against the scalar code.
public sealed partial class HuberLseObjective
{

    private double OneInputSimd512(ReadOnlySpan<double> p, Span<double> g)
    {
        var shifted = _form == LawForm.PowerLawShift;
        double alpha = p[shifted ? 3 : 2];
        var shift = shifted ? Math.Pow(10, p[2]) : 0;
        var simdEnd = _logY.Length - _logY.Length % 8;
        var ve = Vector512.Create(p[0]);
        var va = Vector512.Create(p[1]);
        var vAlpha = Vector512.Create(alpha);
        var vShift = Vector512.Create(shift);
        Vector512<double> loss = default, ge = default, ga = default, galpha = default, gshift = default;
        for (var i = 0; i < simdEnd; i += 8)
        {
            var xs = Vector512.Create(_x1.AsSpan(i, 8)) + vShift;
            var lx = shifted ? Vector512.Log(xs) : Vector512.Create(_logX1.AsSpan(i, 8));
            var lse = Lse(ve, va - vAlpha * lx, out var w1);
            loss += Huber(lse - Vector512.Create(_logY.AsSpan(i, 8)), _delta, Vector512.Create(_weight.AsSpan(i, 8)), out var d);
            var dw1 = d * w1;
            ge += d - dw1;
            ga += dw1;
            galpha -= dw1 * lx;
            if (shifted) gshift -= dw1 / xs;
        }
        var tail = OneInput(p, g, simdEnd);
        var glambda = Vector512.Sum(gshift) * alpha * shift * Math.Log(10);
        return Finish(g, tail + Vector512.Sum(loss), g[0] + Vector512.Sum(ge), g[1] + Vector512.Sum(ga),
            g[shifted ? 3 : 2] + Vector512.Sum(galpha), (shifted ? g[2] : 0) + glambda);
    }

    private double JointSimd512(ReadOnlySpan<double> p, Span<double> g)
    {
        var simdEnd = _logY.Length - _logY.Length % 8;
        var ve = Vector512.Create(p[0]);
        var va = Vector512.Create(p[1]);
        var vAlpha = Vector512.Create(p[2]);
        var vb = Vector512.Create(p[3]);
        var vBeta = Vector512.Create(p[4]);
        var floor = Vector512.Create(ExpFloor);
        Vector512<double> loss = default, ge = default, ga = default, galpha = default, gb = default, gbeta = default;
        for (var i = 0; i < simdEnd; i += 8)
        {
            var ln = Vector512.Create(_logX1.AsSpan(i, 8));
            var ld = Vector512.Create(_logX2.AsSpan(i, 8));
            var t1 = va - vAlpha * ln;
            var t2 = vb - vBeta * ld;
            var m = Vector512.Max(ve, Vector512.Max(t1, t2));
            var s0 = Vector512.Exp(Vector512.Max(ve - m, floor));
            var s1 = Vector512.Exp(Vector512.Max(t1 - m, floor));
            var s2 = Vector512.Exp(Vector512.Max(t2 - m, floor));
            var sum = s0 + s1 + s2;
            loss += Huber(m + Vector512.Log(sum) - Vector512.Create(_logY.AsSpan(i, 8)), _delta, Vector512.Create(_weight.AsSpan(i, 8)), out var d);
            var ds = d / sum;
            ge += ds * s0;
            ga += ds * s1;
            galpha -= ds * s1 * ln;
            gb += ds * s2;
            gbeta -= ds * s2 * ld;
        }
        var tail = Joint(p, g, simdEnd);
        g[0] += Vector512.Sum(ge);
        g[1] += Vector512.Sum(ga);
        g[2] += Vector512.Sum(galpha);
        g[3] += Vector512.Sum(gb);
        g[4] += Vector512.Sum(gbeta);
        return tail + Vector512.Sum(loss);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Lse(Vector512<double> e, Vector512<double> t, out Vector512<double> weightOfT)
    {
        var z = t - e;
        var u = Vector512.Exp(Vector512.Max(-Vector512.Abs(z), Vector512.Create(ExpFloor)));
        var onePlusU = Vector512<double>.One + u;
        weightOfT = Vector512.ConditionalSelect(Vector512.GreaterThan(z, Vector512<double>.Zero), Vector512<double>.One, u) / onePlusU;
        return Vector512.Max(t, e) + Vector512.Log(onePlusU);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Huber(Vector512<double> r, double delta, Vector512<double> weight, out Vector512<double> derivative)
    {
        var vDelta = Vector512.Create(delta);
        var absR = Vector512.Abs(r);
        derivative = weight * Vector512.Min(Vector512.Max(r, -vDelta), vDelta);
        return weight * Vector512.ConditionalSelect(Vector512.LessThanOrEqual(absR, vDelta), Vector512.Create(0.5) * r * r,
            vDelta * absR - Vector512.Create(0.5 * delta * delta));
    }
}
