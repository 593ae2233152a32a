using System.Runtime.InteropServices;

namespace VvsNotebook.Torch.PInvoke;

/// <summary>Exports of native/src/autograd.cpp.</summary>
internal static partial class NativeMethods
{
    [LibraryImport(Library)] internal static partial int vvs_backward(TensorHandle t);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_grad(TensorHandle t);
    [LibraryImport(Library)] internal static partial int vvs_tensor_zero_grad(TensorHandle t);
    [LibraryImport(Library)] [return: MarshalAs(UnmanagedType.U1)] internal static partial bool vvs_grad_enabled();
    [LibraryImport(Library)] internal static partial void vvs_set_grad_enabled([MarshalAs(UnmanagedType.U1)] bool enabled);
}
