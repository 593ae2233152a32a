using System.Text.Json.Nodes;
using VvsNotebook.Assemblies;
using VvsNotebook.Tests;

namespace VvsNotebook.Cli.Tests;

/// <summary>
/// <c>vvs metric</c> end to end: arrays written by numpy, the real CLI run as a child process, and its output
/// compared with scikit-learn, scipy and statsmodels on the same files.
/// </summary>
public sealed class MetricCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vvs-metric-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [PythonFact]
    public void pls_writes_the_predictions_of_scikit_learns_pls_regression()
    {
        Python("""
            from sklearn.cross_decomposition import PLSRegression
            x = rng.normal(size=(60, 12)); y = x[:, :3] @ rng.normal(size=(3, 5)) + 0.1 * rng.normal(size=(60, 5))
            xt = rng.normal(size=(15, 12))
            save("x", x); save("y", y); save("xt", xt)
            save("ref", PLSRegression(n_components=4, scale=False).fit(x, y).predict(xt))
            """);
        var json = Vvs("metric", "pls", "--x", At("x"), "--y", At("y"), "--x-test", At("xt"), "--npy", At("pred"), "--components", "4", "--json");
        Assert.Equal(4, (int)json["components"]!);
        AssertClose(NpyFile.Read(At("ref")).Data, NpyFile.Read(At("pred")).Data, 1e-9);
    }

    [PythonFact]
    public void ridge_picks_the_alpha_ridgecv_picks_and_predicts_as_it_does()
    {
        var reference = Python("""
            from sklearn.linear_model import RidgeCV
            x = rng.normal(size=(40, 8)); y = x @ rng.normal(size=(8, 3)) + 0.5 * rng.normal(size=(40, 3))
            xt = rng.normal(size=(10, 8))
            save("x", x); save("y", y); save("xt", xt)
            fit = RidgeCV(alphas=[0.01, 0.1, 1.0, 10.0, 100.0]).fit(x, y)
            save("ref", fit.predict(xt)); print(fit.alpha_)
            """);
        var json = Vvs("metric", "ridge", "--x", At("x"), "--y", At("y"), "--x-test", At("xt"), "--npy", At("pred"), "--alphas", "0.01,0.1,1,10,100", "--json");
        Assert.Equal(double.Parse(reference, System.Globalization.CultureInfo.InvariantCulture), (double)json["alpha"]!);
        AssertClose(NpyFile.Read(At("ref")).Data, NpyFile.Read(At("pred")).Data, 1e-9);
    }

    [PythonFact]
    public void rsa_without_permutations_is_scipys_spearman_between_correlation_distance_rdms()
    {
        var reference = Python("""
            from scipy.spatial.distance import pdist
            from scipy.stats import spearmanr
            a = rng.normal(size=(30, 20)); b = a[:, :10] + rng.normal(size=(30, 10))
            save("a", a); save("b", b)
            print(spearmanr(pdist(a, "correlation"), pdist(b, "correlation")).statistic)
            """);
        var json = Vvs("metric", "rsa", "--a", At("a"), "--b", At("b"), "--permutations", "0", "--json");
        Assert.Equal(double.Parse(reference, System.Globalization.CultureInfo.InvariantCulture), (double)json["rsa"]!, 1e-12);
    }

    [PythonFact]
    public void cka_is_the_closed_form_linear_cka_of_centered_representations()
    {
        var reference = Python("""
            x = rng.normal(size=(50, 7)); y = np.tanh(x @ rng.normal(size=(7, 9)))
            save("x", x); save("y", y)
            xc = x - x.mean(0); yc = y - y.mean(0)
            print(np.linalg.norm(yc.T @ xc) ** 2 / (np.linalg.norm(xc.T @ xc) * np.linalg.norm(yc.T @ yc)))
            """);
        var json = Vvs("metric", "cka", "--x", At("x"), "--y", At("y"), "--json");
        Assert.Equal(double.Parse(reference, System.Globalization.CultureInfo.InvariantCulture), (double)json["cka"]!, 1e-12);
    }

    [PythonFact]
    public void fdr_adjusts_and_rejects_as_statsmodels_benjamini_hochberg_does()
    {
        var reference = Python("""
            from statsmodels.stats.multitest import multipletests
            p = np.concatenate([rng.uniform(0, 0.01, 5), rng.uniform(0, 1, 15)])
            open(f"{out}/p.txt", "w").write("\n".join(repr(v) for v in p))
            reject, adjusted, _, _ = multipletests(p, alpha=0.05, method="fdr_bh")
            save("ref", adjusted); print(",".join("1" if r else "0" for r in reject))
            """);
        var json = Vvs("metric", "fdr", "--p", Path.Combine(_dir, "p.txt"), "--json");
        AssertClose(NpyFile.Read(At("ref")).Data, json["adjusted"]!.AsArray().Select(v => (double)v!).ToArray(), 1e-12);
        Assert.Equal(reference.Split(',').Select(r => r == "1"), json["reject"]!.AsArray().Select(v => (bool)v!));
    }

    [Fact]
    public void arrays_with_different_stimulus_counts_are_refused_with_exit_code_2_and_a_reason()
    {
        NpyFile.Write(At("x"), new NpyArray([10, 3], new double[30]));
        NpyFile.Write(At("y"), new NpyArray([9, 3], new double[27]));
        var (code, stdout, stderr) = Run("metric", "cka", "--x", At("x"), "--y", At("y"));
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Contains("error:", stderr);
        Assert.Contains("10", stderr);
        Assert.Contains("9", stderr);
    }

    [Fact]
    public void a_missing_input_file_is_named_in_the_error()
    {
        var missing = Path.Combine(_dir, "absent.npy");
        var (code, _, stderr) = Run("metric", "cka", "--x", missing, "--y", missing);
        Assert.Equal(2, code);
        Assert.Contains("absent.npy", stderr);
    }

    [Fact]
    public void an_unknown_comparison_is_refused_with_the_choices()
    {
        NpyFile.Write(At("a"), new NpyArray([4, 2], [1, 2, 3, 4, 5, 6, 7, 9]));
        var (code, _, stderr) = Run("metric", "rsa", "--a", At("a"), "--b", At("a"), "--comparison", "cosine", "--permutations", "0");
        Assert.Equal(2, code);
        Assert.Contains("Unknown comparison 'cosine'", stderr);
        Assert.Contains("spearman", stderr);
    }

    private string At(string name) => Path.Combine(_dir, name + ".npy");

    /// <summary>Runs <paramref name="body"/> with numpy as np, a seeded generator <c>rng</c>, <c>out</c> (the test's directory) and <c>save(name, array)</c>; returns stdout, trimmed.</summary>
    private string Python(string body) =>
        DebianPython.Run(["-"], $"import numpy as np\nrng = np.random.default_rng(7)\nout = {Quoted(_dir)}\n" +
            "def save(name, a): np.save(f\"{out}/{name}.npy\", np.ascontiguousarray(a, dtype=np.float64))\n" + body).Trim();

    private static string Quoted(string s) => "'" + s.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    private static JsonObject Vvs(params string[] args)
    {
        var (code, stdout, stderr) = Run(args);
        Assert.True(code == 0, $"vvs {string.Join(' ', args)} exited {code}: {stderr}");
        return JsonNode.Parse(stdout)!.AsObject();
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args) => VvsProcess.Run(args);

    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])), $"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }
}
