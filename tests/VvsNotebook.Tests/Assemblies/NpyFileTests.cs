using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Assemblies;
using VvsNotebook.Tests.Metrics;

namespace VvsNotebook.Tests.Assemblies;

public class NpyFileTests
{
    [Fact]
    public void Reads_numpy_float32_float64_fortran_and_int_arrays_and_writes_what_numpy_reads()
    {
        var m = Synthetic.Gaussian(4, 3, 1);
        using var py = new PythonReference();
        var r = py.Run("""
x = inputs['m']
d = sys.argv[1]
np.save(os.path.join(d, 'f32.npy'), x.astype(np.float32))
np.save(os.path.join(d, 'fortran.npy'), np.asfortranarray(x))
np.save(os.path.join(d, 'ints.npy'), np.arange(6, dtype=np.int64).reshape(2, 3))
np.save(os.path.join(d, 'big.npy'), x.astype('>f8'))
outputs['sum'] = np.array([x.sum()])
""", new Dictionary<string, Matrix<double>> { ["m"] = m });
        Assert.Equal(m.Enumerate().Sum(), r["sum"].Data[0], 12); // numpy read what NpyFile wrote
        string F(string name) => Path.Combine(py.WorkDirectory, name);
        Synthetic.AssertClose(m, NpyFile.Read(F("f32.npy")).ToMatrix(), 1e-7, "float32");
        Assert.Equal(m.ToRowMajorArray(), NpyFile.Read(F("fortran.npy")).ToMatrix().ToRowMajorArray());
        Assert.Equal(m.ToRowMajorArray(), NpyFile.Read(F("big.npy")).ToMatrix().ToRowMajorArray());
        Assert.Equal([0.0, 1, 2, 3, 4, 5], NpyFile.Read(F("ints.npy")).Data);
        Assert.Equal([2, 3], NpyFile.Read(F("ints.npy")).Shape);
    }

    [Fact]
    public void Truncated_or_foreign_files_are_clear_errors()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vvs-npy-{Guid.NewGuid():N}.npy");
        try
        {
            NpyFile.Write(path, Matrix<double>.Build.Dense(3, 2, 1.5));
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..^5]);
            Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => NpyFile.Read(path)).Message);
            File.WriteAllText(path, "not numpy at all");
            Assert.Contains("bad magic", Assert.Throws<InvalidDataException>(() => NpyFile.Read(path)).Message);
            Assert.Contains("shape (2, 2, 2)", Assert.Throws<InvalidDataException>(() => new NpyArray([2, 2, 2], new double[8]).ToMatrix()).Message);
        }
        finally { File.Delete(path); }
    }
}
