using System.Numerics.Tensors;

namespace VvsNotebook.Metrics.Statistics;

/// <summary>
/// Pearson, Spearman and Kendall tau-b correlations on spans (as <c>scipy.stats.pearsonr</c>, <c>spearmanr</c>,
/// <c>kendalltau</c>). Undefined cases (fewer than 2 values, a constant input, non-finite values) throw instead of
/// returning NaN.
/// </summary>
public static class Correlation
{
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y, string what = "inputs")
    {
        Check(x, y, what);
        var r = PearsonUnchecked(x, y);
        if (double.IsNaN(r)) throw new ArgumentException($"Pearson correlation of {what} is undefined: one of them is constant.");
        return r;
    }

    /// <summary>Pearson r, NaN when either input is constant (callers that aggregate with nan-skipping use this).</summary>
    public static double PearsonUnchecked(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var n = x.Length;
        var mx = TensorPrimitives.Sum(x) / n;
        var my = TensorPrimitives.Sum(y) / n;
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = x[i] - mx; var dy = y[i] - my;
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) return double.NaN;
        return Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1);
    }

    public static double Spearman(ReadOnlySpan<double> x, ReadOnlySpan<double> y, string what = "inputs")
    {
        Check(x, y, what);
        return Pearson(Ranks(x), Ranks(y), what);
    }

    /// <summary>Ranks 1..n with ties given their average rank (<c>scipy.stats.rankdata(method='average')</c>).</summary>
    public static double[] Ranks(ReadOnlySpan<double> x)
    {
        var n = x.Length;
        var idx = new int[n];
        for (var i = 0; i < n; i++) idx[i] = i;
        var keys = x.ToArray();
        Array.Sort(keys, idx);
        var ranks = new double[n];
        for (var i = 0; i < n;)
        {
            var j = i;
            while (j + 1 < n && keys[j + 1] == keys[i]) j++;
            var r = (i + j) / 2.0 + 1;
            for (var k = i; k <= j; k++) ranks[idx[k]] = r;
            i = j + 1;
        }
        return ranks;
    }

    /// <summary>Kendall's tau-b in O(n log n) (Knight's merge-sort algorithm), as <c>scipy.stats.kendalltau</c>.</summary>
    public static double KendallTauB(ReadOnlySpan<double> x, ReadOnlySpan<double> y, string what = "inputs")
    {
        Check(x, y, what);
        var n = x.Length;
        var xs = x.ToArray(); var ys = y.ToArray();
        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(order, (a, b) => xs[a] != xs[b] ? xs[a].CompareTo(xs[b]) : ys[a].CompareTo(ys[b]));
        long n0 = (long)n * (n - 1) / 2, tiesX = 0, tiesXY = 0;
        for (var i = 0; i < n;)
        {
            var j = i;
            while (j + 1 < n && xs[order[j + 1]] == xs[order[i]]) j++;
            tiesX += (long)(j - i + 1) * (j - i) / 2;
            for (var k = i; k <= j;)
            {
                var l = k;
                while (l + 1 <= j && ys[order[l + 1]] == ys[order[k]]) l++;
                tiesXY += (long)(l - k + 1) * (l - k) / 2;
                k = l + 1;
            }
            i = j + 1;
        }
        var seq = order.Select(i => ys[i]).ToArray();
        var swaps = MergeCountInversions(seq, new double[n], 0, n);
        long tiesY = 0;
        for (var i = 0; i < n;)
        {
            var j = i;
            while (j + 1 < n && seq[j + 1] == seq[i]) j++;
            tiesY += (long)(j - i + 1) * (j - i) / 2;
            i = j + 1;
        }
        var denom = Math.Sqrt((double)(n0 - tiesX) * (n0 - tiesY));
        if (denom == 0) throw new ArgumentException($"Kendall's tau of {what} is undefined: one of them is constant.");
        return Math.Clamp((n0 - tiesX - tiesY + tiesXY - 2.0 * swaps) / denom, -1, 1);
    }

    private static long MergeCountInversions(double[] a, double[] buf, int lo, int hi)
    {
        if (hi - lo < 2) return 0;
        var mid = (lo + hi) / 2;
        var count = MergeCountInversions(a, buf, lo, mid) + MergeCountInversions(a, buf, mid, hi);
        int i = lo, j = mid, k = lo;
        while (i < mid && j < hi)
        {
            if (a[j] < a[i]) { count += mid - i; buf[k++] = a[j++]; }
            else buf[k++] = a[i++];
        }
        while (i < mid) buf[k++] = a[i++];
        while (j < hi) buf[k++] = a[j++];
        Array.Copy(buf, lo, a, lo, hi - lo);
        return count;
    }

    private static void Check(ReadOnlySpan<double> x, ReadOnlySpan<double> y, string what)
    {
        if (x.Length != y.Length) throw new ArgumentException($"Correlation of {what}: lengths differ ({x.Length} vs {y.Length}).");
        if (x.Length < 2) throw new ArgumentException($"Correlation of {what} needs at least 2 values; got {x.Length}.");
        for (var i = 0; i < x.Length; i++)
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i]))
                throw new ArgumentException($"Correlation of {what}: non-finite value at index {i}.");
    }
}
