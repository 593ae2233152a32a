using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace VvsNotebook.Fitting.Laws;

/// <summary>
/// The paper's objective: sum over points of Huber_delta(LSE(...) - log L_i) (Eqs. 2 and 6), with its analytic
/// gradient. Logs of the inputs and targets are computed once; each evaluation is one pass over the points.
/// </summary>
public sealed class HuberLseObjective
{
    private readonly LawForm _form;
    private readonly double[] _x1;
    private readonly double[] _logX1;
    private readonly double[] _logX2;
    private readonly double[] _logY;
    private readonly double _delta;
    private readonly double[] _weight;
    private readonly int _count;

    /// <summary>Arrays are padded to a multiple of this (both SIMD widths) so no point needs the slow scalar tail.</summary>
    private const int PadTo = 8;

    /// <summary>
    /// Exponents below this are raised to it: exp(-700) ~ 1e-304 is already nothing next to the leading LSE term (which
    /// is 1), and deeper arguments send exp into its subnormal slow path, tens of times slower, during wild line-search
    /// trials of runaway starts.
    /// </summary>
    private const double ExpFloor = -700;

    /// <summary>
    /// Builds the objective for scaled inputs <paramref name="x"/> (one or two columns) and targets L. Optional
    /// <paramref name="weights"/> count repeated rows (a bootstrap resample evaluates each distinct row once).
    /// </summary>
    public HuberLseObjective(LawForm form, IReadOnlyList<double[]> x, ReadOnlySpan<double> y, double delta, double[]? weights = null)
    {
        if (weights is not null && weights.Length != y.Length) throw new ArgumentException("One weight per point is needed.", nameof(weights));
        _weight = weights ?? Enumerable.Repeat(1.0, y.Length).ToArray();
        if (x.Count != form.InputCount()) throw new ArgumentException($"{form.Key()} takes {form.InputCount()} input(s), got {x.Count}.");
        _form = form;
        _x1 = x[0];
        _logX1 = x[0].Select(v => Math.Log(v)).ToArray();
        _logX2 = form == LawForm.Chinchilla ? x[1].Select(v => Math.Log(v)).ToArray() : [];
        _logY = y.ToArray().Select(v => Math.Log(v)).ToArray();
        _delta = delta;
        // Padding repeats the last point with weight 0, so its loss and gradient terms are exact zeros (every term is
        // finite: exponents are floored and the LSE sum is at least 1) and the SIMD loop needs no tail. A scalar tail of
        // up to 7 points cost about a SIMD block per point: a sizeable share for a bootstrap resample's 100-300 rows.
        _count = _logY.Length;
        var padded = (_count + PadTo - 1) / PadTo * PadTo;
        _x1 = Pad(_x1, padded);
        _logX1 = Pad(_logX1, padded);
        _logX2 = _logX2.Length == 0 ? _logX2 : Pad(_logX2, padded);
        _logY = Pad(_logY, padded);
        _weight = Pad(_weight, padded, fill: 0);
    }

    private static double[] Pad(double[] values, int length, double? fill = null)
    {
        if (values.Length == 0) return new double[length];
        var padded = new double[length];
        values.CopyTo(padded, 0);
        padded.AsSpan(values.Length).Fill(fill ?? values[^1]);
        return padded;
    }

    public LawForm Form => _form;
    public int Count => _count;
    public int ParameterCount => _form.ParameterNames().Count;

    /// <summary>Objective value at <paramref name="p"/>; writes the gradient. Uses the widest SIMD the CPU has.</summary>
    public double Evaluate(ReadOnlySpan<double> p, Span<double> gradient) =>
        Vector512.IsHardwareAccelerated ? EvaluateSimd512(p, gradient)
        : Vector256.IsHardwareAccelerated ? EvaluateSimd256(p, gradient)
        : EvaluateScalar(p, gradient);

    internal double EvaluateSimd512(ReadOnlySpan<double> p, Span<double> gradient) =>
        _form == LawForm.Chinchilla ? JointSimd<Lanes512>(p, gradient) : OneInputSimd<Lanes512>(p, gradient);

    internal double EvaluateSimd256(ReadOnlySpan<double> p, Span<double> gradient) =>
        _form == LawForm.Chinchilla ? JointSimd<Lanes256>(p, gradient) : OneInputSimd<Lanes256>(p, gradient);

    /// <summary>The plain one-point-at-a-time evaluation (reference for the SIMD path and fallback without SIMD).</summary>
    internal double EvaluateScalar(ReadOnlySpan<double> p, Span<double> gradient) =>
        _form == LawForm.Chinchilla ? Joint(p, gradient, 0) : OneInput(p, gradient, 0);

    /// <summary>Objective value only.</summary>
    public double Value(ReadOnlySpan<double> p) => Evaluate(p, stackalloc double[p.Length]);

    /// <summary>Power law, or the shifted one (log(X + 10^lambda) in place of log X), from point <paramref name="start"/> on.</summary>
    private double OneInput(ReadOnlySpan<double> p, Span<double> g, int start)
    {
        var shifted = _form == LawForm.PowerLawShift;
        double e = p[0], a = p[1], alpha = p[shifted ? 3 : 2];
        var shift = shifted ? Math.Pow(10, p[2]) : 0;
        double loss = 0, ge = 0, ga = 0, galpha = 0, gshift = 0;
        for (var i = start; i < _count; i++)
        {
            var xs = _x1[i] + shift;
            var lx = shifted ? Math.Log(xs) : _logX1[i];
            var lse = Lse(e, a - alpha * lx, out var w1);
            loss += Huber(lse - _logY[i], _delta, _weight[i], out var d);
            var dw1 = d * w1;
            ge += d - dw1;
            ga += dw1;
            galpha -= dw1 * lx;
            if (shifted) gshift -= dw1 / xs;
        }
        return Finish(g, loss, ge, ga, galpha, gshift * alpha * shift * Math.Log(10));
    }

    private double Joint(ReadOnlySpan<double> p, Span<double> g, int start)
    {
        double e = p[0], a = p[1], alpha = p[2], b = p[3], beta = p[4];
        double loss = 0, ge = 0, ga = 0, galpha = 0, gb = 0, gbeta = 0;
        for (var i = start; i < _count; i++)
        {
            var t1 = a - alpha * _logX1[i];
            var t2 = b - beta * _logX2[i];
            var m = Math.Max(e, Math.Max(t1, t2));
            var s0 = Math.Exp(Math.Max(e - m, ExpFloor));
            var s1 = Math.Exp(Math.Max(t1 - m, ExpFloor));
            var s2 = Math.Exp(Math.Max(t2 - m, ExpFloor));
            var sum = s0 + s1 + s2;
            loss += Huber(m + Math.Log(sum) - _logY[i], _delta, _weight[i], out var d);
            var ds = d / sum;
            ge += ds * s0;
            ga += ds * s1;
            galpha -= ds * s1 * _logX1[i];
            gb += ds * s2;
            gbeta -= ds * s2 * _logX2[i];
        }
        g[0] = ge;
        g[1] = ga;
        g[2] = galpha;
        g[3] = gb;
        g[4] = gbeta;
        return loss;
    }

    /// <summary>Writes the one-input gradient in the form's parameter order.</summary>
    private double Finish(Span<double> g, double loss, double ge, double ga, double galpha, double glambda)
    {
        g[0] = ge;
        g[1] = ga;
        if (_form == LawForm.PowerLawShift)
        {
            g[2] = glambda;
            g[3] = galpha;
        }
        else g[2] = galpha;
        return loss;
    }

    /// <summary>log(exp(e) + exp(t)) computed stably, and the softmax weight of t.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Lse(double e, double t, out double weightOfT)
    {
        var z = t - e;
        var u = Math.Exp(Math.Max(-Math.Abs(z), ExpFloor));
        weightOfT = (z > 0 ? 1 : u) / (1 + u);
        return Math.Max(t, e) + Math.Log(1 + u);
    }

    /// <summary>Weighted Huber loss of a residual; <paramref name="derivative"/> is its derivative (weight x clamp(r)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Huber(double r, double delta, double weight, out double derivative)
    {
        var absR = Math.Abs(r);
        derivative = weight * Math.Clamp(r, -delta, delta);
        return weight * (absR <= delta ? 0.5 * r * r : delta * (absR - 0.5 * delta));
    }

    // SIMD versions, written once for any register width: Huber branch-free; the points that do not fill a register
    // go through one more block over the padding, with the padded lanes masked to zero.

    private double OneInputSimd<TV>(ReadOnlySpan<double> p, Span<double> g) where TV : struct, ISimdLanes<TV>
    {
        var shifted = _form == LawForm.PowerLawShift;
        double alpha = p[shifted ? 3 : 2];
        var shift = shifted ? Math.Pow(10, p[2]) : 0;
        var simdEnd = _logY.Length; // padded to a multiple of every SIMD width
        var ve = TV.Splat(p[0]);
        var va = TV.Splat(p[1]);
        var vAlpha = TV.Splat(alpha);
        var vShift = TV.Splat(shift);
        TV loss = default, ge = default, ga = default, galpha = default, gshift = default;
        for (var i = 0; i < simdEnd; i += TV.Count)
        {
            var xs = TV.Load(_x1, i) + vShift;
            var lx = shifted ? TV.Log(xs) : TV.Load(_logX1, i);
            var lse = Lse(ve, va - vAlpha * lx, out var w1);
            loss += Huber(lse - TV.Load(_logY, i), _delta, TV.Load(_weight, i), out var d);
            var dw1 = d * w1;
            ge += d - dw1;
            ga += dw1;
            galpha -= dw1 * lx;
            if (shifted) gshift -= dw1 / xs;
        }
        var glambda = TV.Sum(gshift) * alpha * shift * Math.Log(10);
        return Finish(g, TV.Sum(loss), TV.Sum(ge), TV.Sum(ga), TV.Sum(galpha), glambda);
    }

    private double JointSimd<TV>(ReadOnlySpan<double> p, Span<double> g) where TV : struct, ISimdLanes<TV>
    {
        var simdEnd = _logY.Length; // padded to a multiple of every SIMD width
        var ve = TV.Splat(p[0]);
        var va = TV.Splat(p[1]);
        var vAlpha = TV.Splat(p[2]);
        var vb = TV.Splat(p[3]);
        var vBeta = TV.Splat(p[4]);
        var floor = TV.Splat(ExpFloor);
        TV loss = default, ge = default, ga = default, galpha = default, gb = default, gbeta = default;
        for (var i = 0; i < simdEnd; i += TV.Count)
        {
            var ln = TV.Load(_logX1, i);
            var ld = TV.Load(_logX2, i);
            var t1 = va - vAlpha * ln;
            var t2 = vb - vBeta * ld;
            var m = TV.Max(ve, TV.Max(t1, t2));
            var s0 = TV.Exp(TV.Max(ve - m, floor));
            var s1 = TV.Exp(TV.Max(t1 - m, floor));
            var s2 = TV.Exp(TV.Max(t2 - m, floor));
            var sum = s0 + s1 + s2;
            loss += Huber(m + TV.Log(sum) - TV.Load(_logY, i), _delta, TV.Load(_weight, i), out var d);
            var ds = d / sum;
            ge += ds * s0;
            ga += ds * s1;
            galpha -= ds * s1 * ln;
            gb += ds * s2;
            gbeta -= ds * s2 * ld;
        }
        g[0] = TV.Sum(ge);
        g[1] = TV.Sum(ga);
        g[2] = TV.Sum(galpha);
        g[3] = TV.Sum(gb);
        g[4] = TV.Sum(gbeta);
        return TV.Sum(loss);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Lse<TV>(TV e, TV t, out TV weightOfT) where TV : struct, ISimdLanes<TV>
    {
        var z = t - e;
        var u = TV.Exp(TV.Max(-TV.Abs(z), TV.Splat(ExpFloor)));
        var one = TV.Splat(1);
        var onePlusU = one + u;
        weightOfT = TV.IfPositive(z, one, u) / onePlusU;
        return TV.Max(t, e) + TV.Log(onePlusU);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Huber<TV>(TV r, double delta, TV weight, out TV derivative) where TV : struct, ISimdLanes<TV>
    {
        var vDelta = TV.Splat(delta);
        var absR = TV.Abs(r);
        derivative = weight * TV.Min(TV.Max(r, -vDelta), vDelta);
        return weight * TV.IfAtMost(absR, vDelta, TV.Splat(0.5) * r * r, vDelta * absR - TV.Splat(0.5 * delta * delta));
    }
}
