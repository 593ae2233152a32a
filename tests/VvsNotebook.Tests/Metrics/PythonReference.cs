using System.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Assemblies;

namespace VvsNotebook.Tests.Metrics;

/// <summary>
/// Runs a reference computation in Debian's Python (scikit-learn, scipy, statsmodels) on arrays handed over as .npy
/// files; the script reads <c>inputs[name]</c> and fills <c>outputs[name]</c> with numpy arrays.
/// </summary>
public sealed class PythonReference : IDisposable
{
    public const string Python = "/usr/bin/python3";
    private readonly string _dir = Directory.CreateTempSubdirectory("vvs-pyref-").FullName;

    /// <summary>The folder the script runs in (<c>sys.argv[1]</c>), for files beyond <c>outputs</c>.</summary>
    public string WorkDirectory => _dir;

    public IReadOnlyDictionary<string, NpyArray> Run(string script, IReadOnlyDictionary<string, Matrix<double>> inputs)
    {
        foreach (var (name, m) in inputs) NpyFile.Write(Path.Combine(_dir, "in_" + name + ".npy"), m);
        var prologue = """
import glob, os, sys
import numpy as np
d = sys.argv[1]
inputs = {os.path.basename(p)[3:-4]: np.load(p) for p in glob.glob(os.path.join(d, 'in_*.npy'))}
outputs = {}
""";
        var epilogue = "\nfor k, v in outputs.items(): np.save(os.path.join(d, 'out_' + k + '.npy'), np.asarray(v, dtype=np.float64))\n";
        var file = Path.Combine(_dir, "ref.py");
        File.WriteAllText(file, prologue + "\n" + script + epilogue);
        var psi = new ProcessStartInfo(Python, [file, _dir]) { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.Environment["OMP_NUM_THREADS"] = "1";
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"Reference script failed: {stderr.Result}");
        return Directory.GetFiles(_dir, "out_*.npy").ToDictionary(f => Path.GetFileName(f)[4..^4], NpyFile.Read);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}

/// <summary>Deterministic synthetic data for the metric tests.</summary>
public static class Synthetic
{
    public static Matrix<double> Gaussian(int rows, int cols, int seed)
    {
        var rng = new Random(seed);
        return Matrix<double>.Build.Dense(rows, cols, (_, _) => BoxMuller(rng));
    }

    public static double BoxMuller(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>Targets that depend linearly on features plus noise, the shape of neural data vs activations.</summary>
    public static (Matrix<double> X, Matrix<double> Y) Encoding(int n, int p, int q, double noise, int seed)
    {
        var x = Gaussian(n, p, seed);
        var b = Gaussian(p, q, seed + 1) / Math.Sqrt(p);
        var y = x * b + noise * Gaussian(n, q, seed + 2);
        return (x, y);
    }

    public static void AssertClose(Matrix<double> expected, Matrix<double> actual, double tol, string what)
    {
        Assert.Equal(expected.RowCount, actual.RowCount);
        Assert.Equal(expected.ColumnCount, actual.ColumnCount);
        var scale = Math.Max(1e-12, expected.Enumerate().Max(Math.Abs));
        var worst = (expected - actual).Enumerate().Max(Math.Abs) / scale;
        Assert.True(worst < tol, $"{what}: max relative deviation {worst:g3} exceeds {tol:g3}");
    }
}
