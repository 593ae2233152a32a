namespace VvsNotebook.Metrics.Numerics;

/// <summary>
/// Bit-for-bit twin of numpy's legacy <c>np.random.RandomState(seed)</c> (MT19937) for the operations that
/// scikit-learn's splitters and Brain-Score's i2n halves use (<c>permutation</c>, <c>shuffle</c>, <c>choice</c>
/// without replacement). Reproducing the stream, not just the distribution, is what makes split membership and
/// permutation nulls identical to the Python reference.
/// </summary>
public sealed class NumpyRandomState
{
    private const int N = 624, M = 397;
    private readonly uint[] _mt = new uint[N];
    private int _pos;

    public NumpyRandomState(uint seed)
    {
        _mt[0] = seed;
        for (var i = 1; i < N; i++)
            _mt[i] = 1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30)) + (uint)i;
        _pos = N;
    }

    /// <summary>The next raw 32-bit output (numpy's <c>next_uint32</c>).</summary>
    public uint NextUInt32()
    {
        if (_pos >= N) Generate();
        var y = _mt[_pos++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits (numpy's <c>random_sample</c>).</summary>
    public double NextDouble()
    {
        var a = NextUInt32() >> 5;
        var b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /// <summary>Uniform integer in [0, max] by masked rejection (numpy's legacy <c>random_interval</c>).</summary>
    public long RandomInterval(long max)
    {
        if (max == 0) return 0;
        if (max > uint.MaxValue) throw new NotSupportedException("Intervals above 2^32 are not needed here.");
        var mask = (ulong)max;
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4; mask |= mask >> 8; mask |= mask >> 16;
        ulong value;
        while ((value = NextUInt32() & mask) > (ulong)max) { }
        return (long)value;
    }

    /// <summary>In-place Fisher-Yates from the end, as <c>RandomState.shuffle</c> does for 1-d arrays and lists.</summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (var i = values.Length - 1; i >= 1; i--)
        {
            var j = (int)RandomInterval(i);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary><c>RandomState.permutation(n)</c>.</summary>
    public int[] Permutation(int n)
    {
        var a = new int[n];
        for (var i = 0; i < n; i++) a[i] = i;
        Shuffle<int>(a);
        return a;
    }

    private void Generate()
    {
        const uint upper = 0x80000000u, lower = 0x7fffffffu, matrixA = 0x9908b0dfu;
        int k;
        for (k = 0; k < N - M; k++)
        {
            var y = (_mt[k] & upper) | (_mt[k + 1] & lower);
            _mt[k] = _mt[k + M] ^ (y >> 1) ^ ((y & 1) * matrixA);
        }
        for (; k < N - 1; k++)
        {
            var y = (_mt[k] & upper) | (_mt[k + 1] & lower);
            _mt[k] = _mt[k + (M - N)] ^ (y >> 1) ^ ((y & 1) * matrixA);
        }
        var last = (_mt[N - 1] & upper) | (_mt[0] & lower);
        _mt[N - 1] = _mt[M - 1] ^ (last >> 1) ^ ((last & 1) * matrixA);
        _pos = 0;
    }
}
