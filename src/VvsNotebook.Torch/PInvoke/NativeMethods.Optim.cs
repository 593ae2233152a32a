using System.Runtime.InteropServices;

namespace VvsNotebook.Torch.PInvoke;

/// <summary>Exports of native/src/optim.cpp.</summary>
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Library)] internal static partial IntPtr vvs_sgd_new(IntPtr* parameters, int n, double lr, double momentum, double dampening, double weightDecay, [MarshalAs(UnmanagedType.U1)] bool nesterov);
    [LibraryImport(Library)] internal static partial IntPtr vvs_adamw_new(IntPtr* parameters, int n, double lr, double beta1, double beta2, double eps, double weightDecay);
    [LibraryImport(Library)] internal static partial void vvs_optim_free(IntPtr o);
    [LibraryImport(Library)] internal static partial int vvs_optim_step(OptimizerHandle o);
    [LibraryImport(Library)] internal static partial int vvs_optim_zero_grad(OptimizerHandle o);
    [LibraryImport(Library)] internal static partial int vvs_optim_set_lr(OptimizerHandle o, double lr);
    [LibraryImport(Library)] internal static partial double vvs_optim_get_lr(OptimizerHandle o);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static partial int vvs_optim_save(OptimizerHandle o, string path);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static partial int vvs_optim_load(OptimizerHandle o, string path);
}
