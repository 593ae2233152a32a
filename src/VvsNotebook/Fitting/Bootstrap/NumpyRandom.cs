using System.Numerics;

namespace VvsNotebook.Fitting.Bootstrap;

/// <summary>
/// numpy's <c>SeedSequence</c> entropy mixing (pool size 4, 32-bit words), reproduced exactly so that a seed gives
/// the same generator state as in Python.
/// </summary>
public sealed class SeedSequence
{
    private const uint InitA = 0x43b0d7e5, MultA = 0x931e8875, InitB = 0x8b51f9dd, MultB = 0x58f38ded;
    private const uint MixMultL = 0xca01f9dd, MixMultR = 0x4973f715;
    private const int XShift = 16, PoolSize = 4;
    private readonly uint[] _pool = new uint[PoolSize];

    /// <summary>Seeds from a non-negative integer, split into 32-bit words least significant first (as numpy does).</summary>
    public SeedSequence(BigInteger entropy)
    {
        if (entropy.Sign < 0) throw new ArgumentOutOfRangeException(nameof(entropy), "numpy seeds must be non-negative.");
        var words = new List<uint>();
        do
        {
            words.Add((uint)(entropy & uint.MaxValue));
            entropy >>= 32;
        } while (!entropy.IsZero);
        while (words.Count < PoolSize) words.Add(0);
        var hashConst = InitA;
        uint HashMix(uint value)
        {
            value ^= hashConst;
            hashConst *= MultA;
            value *= hashConst;
            value ^= value >> XShift;
            return value;
        }
        static uint Mix(uint x, uint y)
        {
            var r = MixMultL * x - MixMultR * y;
            return r ^ (r >> XShift);
        }
        for (var i = 0; i < PoolSize; i++) _pool[i] = HashMix(words[i]);
        for (var src = 0; src < PoolSize; src++)
        for (var dst = 0; dst < PoolSize; dst++)
            if (src != dst) _pool[dst] = Mix(_pool[dst], HashMix(_pool[src]));
        for (var src = PoolSize; src < words.Count; src++)
        for (var dst = 0; dst < PoolSize; dst++)
            _pool[dst] = Mix(_pool[dst], HashMix(words[src]));
    }

    /// <summary><c>generate_state(n, uint32)</c>.</summary>
    public uint[] GenerateState32(int count)
    {
        var state = new uint[count];
        var hashConst = InitB;
        for (var i = 0; i < count; i++)
        {
            var v = _pool[i % PoolSize];
            v ^= hashConst;
            hashConst *= MultB;
            v *= hashConst;
            v ^= v >> XShift;
            state[i] = v;
        }
        return state;
    }

    /// <summary><c>generate_state(n, uint64)</c>: pairs of 32-bit words, low word first.</summary>
    public ulong[] GenerateState64(int count)
    {
        var w = GenerateState32(2 * count);
        return Enumerable.Range(0, count).Select(i => w[2 * i] | ((ulong)w[2 * i + 1] << 32)).ToArray();
    }
}

/// <summary>
/// numpy's PCG64 bit generator (128-bit LCG, XSL-RR output) with its buffered 32-bit draws, and
/// <c>Generator.integers</c> for int64 output (Lemire's bounded method on 32-bit draws when the range fits),
/// so that <c>Pcg64.DefaultRng(seed).Integers(0, n, count)</c> equals
/// <c>np.random.default_rng(seed).integers(0, n, size=count)</c> value for value.
/// </summary>
public sealed class Pcg64
{
    private static readonly UInt128 Multiplier = new(0x2360ED051FC65DA4UL, 0x4385DF649FCCF645UL);
    private UInt128 _state;
    private readonly UInt128 _increment;
    private bool _hasUInt32;
    private uint _uinteger;

    private Pcg64(UInt128 seed, UInt128 sequence)
    {
        _increment = (sequence << 1) | 1;
        _state = 0;
        Step();
        _state += seed;
        Step();
    }

    /// <summary><c>np.random.default_rng(seed)</c>'s bit generator.</summary>
    public static Pcg64 DefaultRng(BigInteger seed)
    {
        var s = new SeedSequence(seed).GenerateState64(4);
        return new Pcg64(new UInt128(s[0], s[1]), new UInt128(s[2], s[3]));
    }

    private void Step() => _state = unchecked(_state * Multiplier + _increment);

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        Step();
        var hi = (ulong)(_state >> 64);
        var lo = (ulong)_state;
        var rot = (int)(hi >> 58);
        return BitOperations.RotateRight(hi ^ lo, rot);
    }

    /// <summary>Next 32 bits: the low half of a 64-bit draw, then its high half.</summary>
    public uint NextUInt32()
    {
        if (_hasUInt32)
        {
            _hasUInt32 = false;
            return _uinteger;
        }
        var next = NextUInt64();
        _hasUInt32 = true;
        _uinteger = (uint)(next >> 32);
        return (uint)next;
    }

    /// <summary><c>integers(low, high, size=count)</c> (high exclusive, int64), in C order.</summary>
    public long[] Integers(long low, long high, int count)
    {
        if (high <= low) throw new ArgumentOutOfRangeException(nameof(high), "high must be greater than low.");
        var range = (ulong)(high - low - 1);
        var result = new long[count];
        if (range == 0) { Array.Fill(result, low); return result; }
        if (range <= uint.MaxValue)
        {
            if (range == uint.MaxValue)
            {
                for (var i = 0; i < count; i++) result[i] = low + NextUInt32();
                return result;
            }
            var rangeExcl = (uint)range + 1;
            for (var i = 0; i < count; i++)
            {
                var m = (ulong)NextUInt32() * rangeExcl;
                var leftover = (uint)m;
                if (leftover < rangeExcl)
                {
                    var threshold = (uint.MaxValue - (uint)range) % rangeExcl;
                    while (leftover < threshold)
                    {
                        m = (ulong)NextUInt32() * rangeExcl;
                        leftover = (uint)m;
                    }
                }
                result[i] = low + (long)(m >> 32);
            }
            return result;
        }
        var rangeExcl64 = range + 1;
        for (var i = 0; i < count; i++)
        {
            var m = (UInt128)NextUInt64() * rangeExcl64;
            var leftover = (ulong)m;
            if (leftover < rangeExcl64)
            {
                var threshold = (ulong.MaxValue - range) % rangeExcl64;
                while (leftover < threshold)
                {
                    m = (UInt128)NextUInt64() * rangeExcl64;
                    leftover = (ulong)m;
                }
            }
            result[i] = low + (long)(ulong)(m >> 64);
        }
        return result;
    }
}
