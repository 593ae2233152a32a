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

    /// <summary>Builds the objective for scaled inputs <paramref name="x"/> (one or two columns) and targets L.</summary>
    public HuberLseObjective(LawForm form, IReadOnlyList<double[]> x, ReadOnlySpan<double> y, double delta)
    {
        if (x.Count != form.InputCount()) throw new ArgumentException($"{form.Key()} takes {form.InputCount()} input(s), got {x.Count}.");
        _form = form;
        _x1 = x[0];
        _logX1 = x[0].Select(v => Math.Log(v)).ToArray();
        _logX2 = form == LawForm.Chinchilla ? x[1].Select(v => Math.Log(v)).ToArray() : [];
        _logY = y.ToArray().Select(v => Math.Log(v)).ToArray();
        _delta = delta;
    }

    public LawForm Form => _form;
    public int Count => _logY.Length;
    public int ParameterCount => _form.ParameterNames().Count;

    /// <summary>Objective value at <paramref name="p"/>; writes the gradient. Uses 256-bit SIMD where the CPU has it.</summary>
    public double Evaluate(ReadOnlySpan<double> p, Span<double> gradient) => Vector256.IsHardwareAccelerated
        ? _form switch
        {
            LawForm.PowerLaw => PowerLawSimd(p, gradient),
            LawForm.PowerLawShift => ShiftSimd(p, gradient),
            LawForm.Chinchilla => JointSimd(p, gradient),
            _ => throw new InvalidOperationException(),
        }
        : EvaluateScalar(p, gradient);

    /// <summary>The plain one-point-at-a-time evaluation (reference for the SIMD path and fallback without SIMD).</summary>
    internal double EvaluateScalar(ReadOnlySpan<double> p, Span<double> gradient) => _form switch
    {
        LawForm.PowerLaw => PowerLaw(p, gradient, 0),
        LawForm.PowerLawShift => Shift(p, gradient, 0),
        LawForm.Chinchilla => Joint(p, gradient, 0),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>Objective value only.</summary>
    public double Value(ReadOnlySpan<double> p) => Evaluate(p, stackalloc double[p.Length]);

    private double PowerLaw(ReadOnlySpan<double> p, Span<double> g, int start)
    {
        double e = p[0], a = p[1], alpha = p[2], delta = _delta;
        double loss = 0, ge = 0, ga = 0, galpha = 0;
        var lx = _logX1;
        var ly = _logY;
        for (var i = start; i < ly.Length; i++)
        {
            var t = a - alpha * lx[i];
            var z = t - e;
            double lse, w1;
            if (z > 0)
            {
                var u = Math.Exp(-z);
                lse = t + Math.Log(1 + u);
                w1 = 1 / (1 + u);
            }
            else
            {
                var u = Math.Exp(z);
                lse = e + Math.Log(1 + u);
                w1 = u / (1 + u);
            }
            var r = lse - ly[i];
            double d;
            if (Math.Abs(r) <= delta)
            {
                loss += 0.5 * r * r;
                d = r;
            }
            else
            {
                loss += delta * (Math.Abs(r) - 0.5 * delta);
                d = r > 0 ? delta : -delta;
            }
            var dw1 = d * w1;
            ge += d - dw1;
            ga += dw1;
            galpha -= dw1 * lx[i];
        }
        g[0] = ge;
        g[1] = ga;
        g[2] = galpha;
        return loss;
    }

    private double Shift(ReadOnlySpan<double> p, Span<double> g, int start)
    {
        double e = p[0], a = p[1], lambda = p[2], alpha = p[3], delta = _delta;
        var shift = Math.Pow(10, lambda);
        var dShift = shift * Math.Log(10);
        double loss = 0, ge = 0, ga = 0, glambda = 0, galpha = 0;
        var x = _x1;
        var ly = _logY;
        for (var i = start; i < ly.Length; i++)
        {
            var xs = x[i] + shift;
            var lxs = Math.Log(xs);
            var t = a - alpha * lxs;
            var z = t - e;
            double lse, w1;
            if (z > 0)
            {
                var u = Math.Exp(-z);
                lse = t + Math.Log(1 + u);
                w1 = 1 / (1 + u);
            }
            else
            {
                var u = Math.Exp(z);
                lse = e + Math.Log(1 + u);
                w1 = u / (1 + u);
            }
            var r = lse - ly[i];
            double d;
            if (Math.Abs(r) <= delta)
            {
                loss += 0.5 * r * r;
                d = r;
            }
            else
            {
                loss += delta * (Math.Abs(r) - 0.5 * delta);
                d = r > 0 ? delta : -delta;
            }
            var dw1 = d * w1;
            ge += d - dw1;
            ga += dw1;
            galpha -= dw1 * lxs;
            glambda -= dw1 * alpha * dShift / xs;
        }
        g[0] = ge;
        g[1] = ga;
        g[2] = glambda;
        g[3] = galpha;
        return loss;
    }

    private double Joint(ReadOnlySpan<double> p, Span<double> g, int start)
    {
        double e = p[0], a = p[1], alpha = p[2], b = p[3], beta = p[4], delta = _delta;
        double loss = 0, ge = 0, ga = 0, galpha = 0, gb = 0, gbeta = 0;
        var ln = _logX1;
        var ld = _logX2;
        var ly = _logY;
        for (var i = start; i < ly.Length; i++)
        {
            var t1 = a - alpha * ln[i];
            var t2 = b - beta * ld[i];
            var m = Math.Max(e, Math.Max(t1, t2));
            var s0 = Math.Exp(e - m);
            var s1 = Math.Exp(t1 - m);
            var s2 = Math.Exp(t2 - m);
            var sum = s0 + s1 + s2;
            var r = m + Math.Log(sum) - ly[i];
            double d;
            if (Math.Abs(r) <= delta)
            {
                loss += 0.5 * r * r;
                d = r;
            }
            else
            {
                loss += delta * (Math.Abs(r) - 0.5 * delta);
                d = r > 0 ? delta : -delta;
            }
            var ds = d / sum;
            ge += ds * s0;
            var w1 = ds * s1;
            var w2 = ds * s2;
            ga += w1;
            galpha -= w1 * ln[i];
            gb += w2;
            gbeta -= w2 * ld[i];
        }
        g[0] = ge;
        g[1] = ga;
        g[2] = galpha;
        g[3] = gb;
        g[4] = gbeta;
        return loss;
    }

    // SIMD versions: four points per step, Huber written branch-free (d = clamp(r, -delta, delta)); the remaining
    // points go through the scalar code, whose gradient is added on top.

    private double PowerLawSimd(ReadOnlySpan<double> p, Span<double> g)
    {
        double e = p[0], a = p[1], alpha = p[2];
        var n = _logY.Length;
        var simdEnd = n - n % 4;
        var ve = Vector256.Create(e);
        var va = Vector256.Create(a);
        var vAlpha = Vector256.Create(alpha);
        var vDelta = Vector256.Create(_delta);
        var vNegDelta = Vector256.Create(-_delta);
        var halfDelta2 = Vector256.Create(0.5 * _delta * _delta);
        var half = Vector256.Create(0.5);
        var one = Vector256<double>.One;
        Vector256<double> loss = default, ge = default, ga = default, galpha = default;
        for (var i = 0; i < simdEnd; i += 4)
        {
            var lx = Vector256.Create(_logX1.AsSpan(i, 4));
            var t = va - vAlpha * lx;
            var z = t - ve;
            var u = Vector256.Exp(-Vector256.Abs(z));
            var onePlusU = one + u;
            var lse = Vector256.Max(t, ve) + Vector256.Log(onePlusU);
            var w1 = Vector256.ConditionalSelect(Vector256.GreaterThan(z, Vector256<double>.Zero), one, u) / onePlusU;
            var r = lse - Vector256.Create(_logY.AsSpan(i, 4));
            var absR = Vector256.Abs(r);
            var quadratic = Vector256.LessThanOrEqual(absR, vDelta);
            loss += Vector256.ConditionalSelect(quadratic, half * r * r, vDelta * absR - halfDelta2);
            var d = Vector256.Min(Vector256.Max(r, vNegDelta), vDelta);
            var dw1 = d * w1;
            ge += d - dw1;
            ga += dw1;
            galpha -= dw1 * lx;
        }
        var tail = PowerLaw(p, g, simdEnd);
        g[0] += Vector256.Sum(ge);
        g[1] += Vector256.Sum(ga);
        g[2] += Vector256.Sum(galpha);
        return tail + Vector256.Sum(loss);
    }

    private double ShiftSimd(ReadOnlySpan<double> p, Span<double> g)
    {
        double e = p[0], a = p[1], lambda = p[2], alpha = p[3];
        var shift = Math.Pow(10, lambda);
        var n = _logY.Length;
        var simdEnd = n - n % 4;
        var ve = Vector256.Create(e);
        var va = Vector256.Create(a);
        var vAlpha = Vector256.Create(alpha);
        var vShift = Vector256.Create(shift);
        var vDelta = Vector256.Create(_delta);
        var vNegDelta = Vector256.Create(-_delta);
        var halfDelta2 = Vector256.Create(0.5 * _delta * _delta);
        var half = Vector256.Create(0.5);
        var one = Vector256<double>.One;
        Vector256<double> loss = default, ge = default, ga = default, glambda = default, galpha = default;
        for (var i = 0; i < simdEnd; i += 4)
        {
            var xs = Vector256.Create(_x1.AsSpan(i, 4)) + vShift;
            var lxs = Vector256.Log(xs);
            var t = va - vAlpha * lxs;
            var z = t - ve;
            var u = Vector256.Exp(-Vector256.Abs(z));
            var onePlusU = one + u;
            var lse = Vector256.Max(t, ve) + Vector256.Log(onePlusU);
            var w1 = Vector256.ConditionalSelect(Vector256.GreaterThan(z, Vector256<double>.Zero), one, u) / onePlusU;
            var r = lse - Vector256.Create(_logY.AsSpan(i, 4));
            var absR = Vector256.Abs(r);
            var quadratic = Vector256.LessThanOrEqual(absR, vDelta);
            loss += Vector256.ConditionalSelect(quadratic, half * r * r, vDelta * absR - halfDelta2);
            var d = Vector256.Min(Vector256.Max(r, vNegDelta), vDelta);
            var dw1 = d * w1;
            ge += d - dw1;
            ga += dw1;
            galpha -= dw1 * lxs;
            glambda -= dw1 / xs;
        }
        var tail = Shift(p, g, simdEnd);
        g[0] += Vector256.Sum(ge);
        g[1] += Vector256.Sum(ga);
        g[2] += Vector256.Sum(glambda) * alpha * shift * Math.Log(10);
        g[3] += Vector256.Sum(galpha);
        return tail + Vector256.Sum(loss);
    }

    private double JointSimd(ReadOnlySpan<double> p, Span<double> g)
    {
        double e = p[0], a = p[1], alpha = p[2], b = p[3], beta = p[4];
        var n = _logY.Length;
        var simdEnd = n - n % 4;
        var ve = Vector256.Create(e);
        var va = Vector256.Create(a);
        var vb = Vector256.Create(b);
        var vAlpha = Vector256.Create(alpha);
        var vBeta = Vector256.Create(beta);
        var vDelta = Vector256.Create(_delta);
        var vNegDelta = Vector256.Create(-_delta);
        var halfDelta2 = Vector256.Create(0.5 * _delta * _delta);
        var half = Vector256.Create(0.5);
        Vector256<double> loss = default, ge = default, ga = default, galpha = default, gb = default, gbeta = default;
        for (var i = 0; i < simdEnd; i += 4)
        {
            var ln = Vector256.Create(_logX1.AsSpan(i, 4));
            var ld = Vector256.Create(_logX2.AsSpan(i, 4));
            var t1 = va - vAlpha * ln;
            var t2 = vb - vBeta * ld;
            var m = Vector256.Max(ve, Vector256.Max(t1, t2));
            var s0 = Vector256.Exp(ve - m);
            var s1 = Vector256.Exp(t1 - m);
            var s2 = Vector256.Exp(t2 - m);
            var sum = s0 + s1 + s2;
            var r = m + Vector256.Log(sum) - Vector256.Create(_logY.AsSpan(i, 4));
            var absR = Vector256.Abs(r);
            var quadratic = Vector256.LessThanOrEqual(absR, vDelta);
            loss += Vector256.ConditionalSelect(quadratic, half * r * r, vDelta * absR - halfDelta2);
            var ds = Vector256.Min(Vector256.Max(r, vNegDelta), vDelta) / sum;
            ge += ds * s0;
            var w1 = ds * s1;
            var w2 = ds * s2;
            ga += w1;
            galpha -= w1 * ln;
            gb += w2;
            gbeta -= w2 * ld;
        }
        var tail = Joint(p, g, simdEnd);
        g[0] += Vector256.Sum(ge);
        g[1] += Vector256.Sum(ga);
        g[2] += Vector256.Sum(galpha);
        g[3] += Vector256.Sum(gb);
        g[4] += Vector256.Sum(gbeta);
        return tail + Vector256.Sum(loss);
    }
}
