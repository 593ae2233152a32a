using System.Runtime.InteropServices;

namespace VvsNotebook.Torch.PInvoke;

/// <summary>Exports of native/src/errors.cpp: error protocol, seeds, threads, RNG state.</summary>
internal static partial class NativeMethods
{
    internal const string Library = "vvstorch";

    [LibraryImport(Library)] internal static partial IntPtr vvs_take_error();
    [LibraryImport(Library)] internal static partial void vvs_manual_seed(ulong seed);
    [LibraryImport(Library)] internal static partial void vvs_set_num_threads(int n);
    [LibraryImport(Library)] internal static partial int vvs_get_num_threads();
    [LibraryImport(Library)] internal static partial IntPtr vvs_get_rng_state();
    [LibraryImport(Library)] internal static partial int vvs_set_rng_state(TensorHandle state);
    [LibraryImport(Library)] internal static partial IntPtr vvs_torch_version();
}
