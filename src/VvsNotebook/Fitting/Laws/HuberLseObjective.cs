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

    /// <summary>Objective value at <paramref name="p"/>; writes the gradient.</summary>
    public double Evaluate(ReadOnlySpan<double> p, Span<double> gradient) => _form switch
    {
        LawForm.PowerLaw => PowerLaw(p, gradient),
        LawForm.PowerLawShift => Shift(p, gradient),
        LawForm.Chinchilla => Joint(p, gradient),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>Objective value only.</summary>
    public double Value(ReadOnlySpan<double> p) => Evaluate(p, stackalloc double[p.Length]);

    private double PowerLaw(ReadOnlySpan<double> p, Span<double> g)
    {
        double e = p[0], a = p[1], alpha = p[2], delta = _delta;
        double loss = 0, ge = 0, ga = 0, galpha = 0;
        var lx = _logX1;
        var ly = _logY;
        for (var i = 0; i < ly.Length; i++)
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

    private double Shift(ReadOnlySpan<double> p, Span<double> g)
    {
        double e = p[0], a = p[1], lambda = p[2], alpha = p[3], delta = _delta;
        var shift = Math.Pow(10, lambda);
        var dShift = shift * Math.Log(10);
        double loss = 0, ge = 0, ga = 0, glambda = 0, galpha = 0;
        var x = _x1;
        var ly = _logY;
        for (var i = 0; i < ly.Length; i++)
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

    private double Joint(ReadOnlySpan<double> p, Span<double> g)
    {
        double e = p[0], a = p[1], alpha = p[2], b = p[3], beta = p[4], delta = _delta;
        double loss = 0, ge = 0, ga = 0, galpha = 0, gb = 0, gbeta = 0;
        var ln = _logX1;
        var ld = _logX2;
        var ly = _logY;
        for (var i = 0; i < ly.Length; i++)
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
}
