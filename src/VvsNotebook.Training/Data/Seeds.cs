namespace VvsNotebook.Training.Data;

/// <summary>
/// Deterministic derivation of per-epoch and per-batch seeds (SplitMix64). <c>HashCode.Combine</c> is salted per
/// process and would make runs irreproducible.
/// </summary>
public static class Seeds
{
    public static int Derive(int seed, params int[] path)
    {
        var x = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL);
        foreach (var p in path) x = Mix(x ^ unchecked((ulong)p + 0x632BE59BD9B4E019UL));
        return (int)(Mix(x) >> 33);
    }

    private static ulong Mix(ulong z)
    {
        z = unchecked(z + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
