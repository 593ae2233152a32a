namespace VvsNotebook.Fitting.Optimization;

/// <summary>An objective that returns its value and writes its gradient.</summary>
public delegate double ObjectiveWithGradient(ReadOnlySpan<double> x, Span<double> gradient);

/// <summary>Options of <see cref="Bfgs"/>, with scipy's defaults.</summary>
public sealed record BfgsOptions
{
    /// <summary>Stop when the largest absolute gradient component is at most this (scipy <c>gtol</c>).</summary>
    public double GradientTolerance { get; init; } = 1e-5;
    /// <summary>Iteration cap; null means scipy's 200 x (number of parameters).</summary>
    public int? MaxIterations { get; init; }
}

/// <summary>How a minimisation ended.</summary>
public enum BfgsStatus { Converged, MaxIterations, LineSearchFailed, NonFinite }

/// <summary>Result of one BFGS run.</summary>
public sealed record BfgsResult(double[] X, double Value, double[] Gradient, int Iterations, int Evaluations, BfgsStatus Status)
{
    public bool Converged => Status == BfgsStatus.Converged;
}

/// <summary>
/// Quasi-Newton BFGS with the semantics of <c>scipy.optimize.minimize(method="BFGS")</c>: identity initial inverse
/// Hessian, stop on the infinity norm of the gradient (gtol 1e-5), at most 200 n iterations, MINPACK's Moré-Thuente
/// line search (c1 = 1e-4, c2 = 0.9) with the first trial step from the previous decrease, falling back to a strong
/// Wolfe bracketing/zoom search, and scipy's inverse-Hessian update (including its rho = 1000 guard).
/// Allocation-free per iteration apart from small per-run buffers, so thousands of starts run quickly.
/// </summary>
public static class Bfgs
{
    public static BfgsResult Minimize(ObjectiveWithGradient f, ReadOnlySpan<double> x0, BfgsOptions? options = null)
    {
        options ??= new BfgsOptions();
        var n = x0.Length;
        var maxIter = options.MaxIterations ?? 200 * n;
        var xk = x0.ToArray();
        var gfk = new double[n];
        var evals = 1;
        var oldFval = f(xk, gfk);
        var h = new double[n * n];
        for (var i = 0; i < n; i++) h[i * n + i] = 1;
        var oldOldFval = oldFval + Norm2(gfk) / 2;
        var pk = new double[n];
        var xNew = new double[n];
        var gNew = new double[n];
        var sk = new double[n];
        var yk = new double[n];
        var tmp = new double[n * n];
        var k = 0;
        var status = BfgsStatus.Converged;
        var gnorm = NormInf(gfk);
        if (!double.IsFinite(oldFval) || !double.IsFinite(gnorm))
            return new BfgsResult(xk, oldFval, gfk, 0, evals, BfgsStatus.NonFinite);
        while (gnorm > options.GradientTolerance)
        {
            if (k >= maxIter) { status = BfgsStatus.MaxIterations; break; }
            for (var i = 0; i < n; i++)
            {
                var s = 0.0;
                for (var j = 0; j < n; j++) s -= h[i * n + j] * gfk[j];
                pk[i] = s;
            }
            var line = new LineFunction(f, xk, pk, xNew, gNew);
            var found = MoreThuente.Search(ref line, oldFval, oldOldFval, Dot(gfk, pk), out var alpha, out var fNew)
                        || WolfeZoom.Search(ref line, oldFval, oldOldFval, Dot(gfk, pk), out alpha, out fNew);
            evals += line.Evaluations;
            if (!found) { status = BfgsStatus.LineSearchFailed; break; }
            line.EnsureAt(alpha); // xNew and gNew hold the accepted point
            evals += line.Evaluations - line.CountedBefore;
            oldOldFval = oldFval;
            oldFval = fNew;
            for (var i = 0; i < n; i++)
            {
                sk[i] = alpha * pk[i];
                xk[i] += sk[i];
                yk[i] = gNew[i] - gfk[i];
                gfk[i] = gNew[i];
            }
            k++;
            gnorm = NormInf(gfk);
            if (gnorm <= options.GradientTolerance) break;
            if (!double.IsFinite(oldFval)) { status = BfgsStatus.NonFinite; break; }
            var rhoInv = Dot(yk, sk);
            var rho = rhoInv == 0 ? 1000.0 : 1.0 / rhoInv;
            // H <- (I - rho s y^T) H (I - rho y s^T) + rho s s^T
            for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                var s = h[i * n + j];
                for (var m = 0; m < n; m++) s -= rho * sk[i] * yk[m] * h[m * n + j];
                tmp[i * n + j] = s;
            }
            for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                var s = tmp[i * n + j];
                for (var m = 0; m < n; m++) s -= tmp[i * n + m] * rho * yk[m] * sk[j];
                h[i * n + j] = s + rho * sk[i] * sk[j];
            }
        }
        if (!double.IsFinite(oldFval)) status = BfgsStatus.NonFinite;
        return new BfgsResult(xk, oldFval, gfk, k, evals, status);
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private static double Norm2(ReadOnlySpan<double> a) => Math.Sqrt(Dot(a, a));

    private static double NormInf(ReadOnlySpan<double> a)
    {
        var m = 0.0;
        foreach (var v in a) m = Math.Max(m, Math.Abs(v));
        return double.IsNaN(a.Length > 0 ? Dot(a, a) : 0) ? double.NaN : m;
    }
}

/// <summary>phi(alpha) = f(x + alpha p) and its derivative along p, remembering the last evaluated point.</summary>
internal struct LineFunction(ObjectiveWithGradient f, double[] x, double[] p, double[] xTrial, double[] gTrial)
{
    private double _lastAlpha = double.NaN;
    private double _lastPhi;
    private double _lastDer;
    public int Evaluations;
    public int CountedBefore;

    public (double Phi, double Derivative) At(double alpha)
    {
        if (alpha == _lastAlpha) return (_lastPhi, _lastDer);
        for (var i = 0; i < x.Length; i++) xTrial[i] = x[i] + alpha * p[i];
        var phi = f(xTrial, gTrial);
        var der = 0.0;
        for (var i = 0; i < x.Length; i++) der += gTrial[i] * p[i];
        Evaluations++;
        _lastAlpha = alpha;
        _lastPhi = phi;
        _lastDer = der;
        return (phi, der);
    }

    /// <summary>Makes the trial buffers hold the point at <paramref name="alpha"/> (re-evaluating only if needed).</summary>
    public void EnsureAt(double alpha)
    {
        CountedBefore = Evaluations;
        At(alpha);
    }
}
