using System.Collections;
using System.Runtime.InteropServices;

namespace VvsNotebook.Training.Runtime;

/// <summary>
/// Keeps freed memory in the process for libtorch to reuse. glibc's defaults return blocks of more than a few
/// hundred kB to the kernel when freed (mmap threshold, heap trimming), so every training step page-faulted its
/// activations in afresh: about 22,000 minor faults per ResNet-18 (width 0.25, batch 128) step, against under 100
/// with this tuning. The cost is that resident memory stays at the peak of a step, as with PyTorch's recommended
/// jemalloc/tcmalloc. A process that tunes malloc itself (any <c>MALLOC_*</c> variable or <c>GLIBC_TUNABLES</c>) is
/// left as it is.
/// </summary>
internal static class MallocTuning
{
    private const int TrimThreshold = -1, TopPad = -2, MmapThreshold = -3;
    /// <summary>glibc's ceiling for the mmap threshold on 64-bit (half its 64 MB heap); larger blocks are still mapped.</summary>
    private const int MmapThresholdBytes = 32 << 20;
    private const int TrimThresholdBytes = 1 << 30;
    /// <summary>
    /// Per-thread arenas grow in 64 MB heaps; taking a whole one at a time (instead of 128 kB) stopped about half of
    /// the trainer's runs from faulting ~45 MB back in every step, a pattern the two thresholds alone left.
    /// </summary>
    private const int TopPadBytes = 64 << 20;

    /// <summary>Applies the tuning once; returns what it did, or null when it left malloc alone.</summary>
    public static string? Apply()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return null;
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
            if (variable.Key is string name && (name.StartsWith("MALLOC_", StringComparison.Ordinal) || name == "GLIBC_TUNABLES"))
                return null;
        try
        {
            // Both are set: setting either one alone turns off glibc's dynamic threshold and leaves the mmap threshold at 128 kB.
            if (mallopt(MmapThreshold, MmapThresholdBytes) != 1 || mallopt(TrimThreshold, TrimThresholdBytes) != 1 || mallopt(TopPad, TopPadBytes) != 1) return null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return null; } // not glibc
        return $"glibc malloc keeps freed memory (mmap threshold {MmapThresholdBytes >> 20} MB, trim threshold {TrimThresholdBytes >> 20} MB, top pad {TopPadBytes >> 20} MB)";
    }

    [DllImport("libc.so.6")]
    private static extern int mallopt(int parameter, int value);
}
