using VvsNotebook.Fitting.Bootstrap;

namespace VvsNotebook.Tests.Fitting;

public class NumpyRandomTests
{
    [PythonTheory]
    [InlineData(42, 620, 1000)]
    [InlineData(0, 11, 300)]
    [InlineData(12345678901234567, 444, 50)]
    [InlineData(7, 1, 10)]
    public void IntegersEqualNumpyDefaultRngValueForValue(long seed, long n, int rows)
    {
        var expected = PythonReference.Run(
                $"import numpy as np\nprint(' '.join(map(str, np.random.default_rng({seed}).integers(0, {n}, size=({rows}, {n})).ravel())))")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();
        var actual = Pcg64.DefaultRng(seed).Integers(0, n, rows * (int)n);
        Assert.Equal(expected, actual);
    }

    [PythonFact]
    public void RawOutputsAndWideRangesEqualNumpy()
    {
        var expected = PythonReference.Run(
            "import numpy as np\ng = np.random.default_rng(42)\nprint(' '.join(map(str, g.bit_generator.random_raw(5))))\n" +
            "print(' '.join(map(str, g.integers(0, 2**40, size=7))))").Split('\n');
        var rng = Pcg64.DefaultRng(42);
        Assert.Equal(expected[0].Split(' ').Select(ulong.Parse), Enumerable.Range(0, 5).Select(_ => rng.NextUInt64()));
        Assert.Equal(expected[1].Split(' ').Select(long.Parse), rng.Integers(0, 1L << 40, 7));
    }
}
