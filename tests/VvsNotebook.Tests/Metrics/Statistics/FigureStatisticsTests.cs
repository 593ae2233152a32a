using System.Globalization;
using System.Text.Json.Nodes;
using VvsNotebook.Metrics.Statistics;

namespace VvsNotebook.Tests.Metrics.Statistics;

/// <summary>The statistics the figure notebooks draw, against scipy's <c>linregress</c> and numpy's bootstrap of a mean.</summary>
public sealed class FigureStatisticsTests
{
    private static readonly double[][] Xs = [[1, 2, 3, 4, 5, 6, 7], [0.1, 0.5, 0.2, 0.9, 0.4, 0.3]];
    private static readonly double[][] Ys = [[1.2, 1.9, 3.4, 3.9, 5.3, 5.8, 7.4], [3.0, 1.0, 2.5, 2.9, 0.7, 2.2]];

    [PythonTheory]
    [InlineData(0)]
    [InlineData(1)]
    public void linear_regression_matches_scipy_linregress(int dataset)
    {
        var json = JsonNode.Parse(DebianPython.Run(["-"], $$"""
            import json, scipy.stats as st
            r = st.linregress({{Py(Xs[dataset])}}, {{Py(Ys[dataset])}})
            print(json.dumps([r.slope, r.intercept, r.rvalue, r.pvalue, r.stderr]))
            """))!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        var fit = LinearRegression.Fit(Xs[dataset], Ys[dataset]);
        Assert.Equal(json[0], fit.Slope, 1e-12);
        Assert.Equal(json[1], fit.Intercept, 1e-12);
        Assert.Equal(json[2], fit.R, 1e-12);
        Assert.Equal(json[3], fit.P, 1e-9 * Math.Max(1, json[3]));
        Assert.Equal(json[4], fit.StdErr, 1e-12);
    }

    [Fact]
    public void linear_regression_refuses_what_has_no_p_value()
    {
        Assert.Contains("at least 3", Assert.Throws<ArgumentException>(() => LinearRegression.Fit([1, 2], [1, 2])).Message);
        Assert.Contains("constant", Assert.Throws<ArgumentException>(() => LinearRegression.Fit([1, 1, 1], [1, 2, 3])).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => LinearRegression.Fit([1, 2, double.NaN], [1, 2, 3])).Message);
    }

    [PythonFact]
    public void mean_interval_is_numpys_percentile_of_the_bootstrapped_means_for_the_same_seed()
    {
        double[] values = [0.3, 0.1, 0.7, 0.2, 0.9, 0.4, 0.5, 0.45];
        var json = JsonNode.Parse(DebianPython.Run(["-"], $$"""
            import json, numpy as np
            v = np.array({{Py(values)}})
            m = v[np.random.default_rng(7).integers(0, len(v), size=(1000, len(v)))].mean(axis=1)
            print(json.dumps([v.mean(), np.percentile(m, 2.5), np.percentile(m, 97.5)]))
            """))!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        var interval = MeanInterval.Bootstrap(values, 95, 1000, seed: 7);
        Assert.Equal(json[0], interval.Mean, 1e-12);
        Assert.Equal(json[1], interval.Low, 1e-12);
        Assert.Equal(json[2], interval.High, 1e-12);
    }

    [Fact]
    public void mean_interval_of_a_constant_has_no_width()
    {
        var interval = MeanInterval.Bootstrap([0.4, 0.4, 0.4, 0.4]);
        Assert.Equal((0.4, 0.4, 0.4), (interval.Mean, interval.Low, interval.High));
        Assert.Throws<ArgumentOutOfRangeException>(() => MeanInterval.Bootstrap([1, 2], level: 100));
    }

    private static string Py(double[] v) => "[" + string.Join(", ", v.Select(x => x.ToString("R", CultureInfo.InvariantCulture))) + "]";
}
