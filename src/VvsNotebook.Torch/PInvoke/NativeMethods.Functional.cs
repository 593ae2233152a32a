using System.Runtime.InteropServices;

namespace VvsNotebook.Torch.PInvoke;

/// <summary>Exports of native/src/functional.cpp (layer ops, losses, initialisation).</summary>
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Library)] internal static partial IntPtr vvs_conv2d(TensorHandle x, TensorHandle w, TensorHandle b, long* stride, long* padding, long* dilation, long groups);
    [LibraryImport(Library)] internal static partial IntPtr vvs_linear(TensorHandle x, TensorHandle w, TensorHandle b);
    [LibraryImport(Library)] internal static partial IntPtr vvs_batch_norm(TensorHandle x, TensorHandle w, TensorHandle b, TensorHandle mean, TensorHandle var, [MarshalAs(UnmanagedType.U1)] bool training, double momentum, double eps);
    [LibraryImport(Library)] internal static partial IntPtr vvs_layer_norm(TensorHandle x, long* shape, int n, TensorHandle w, TensorHandle b, double eps);
    [LibraryImport(Library)] internal static partial IntPtr vvs_relu(TensorHandle x);
    [LibraryImport(Library)] internal static partial IntPtr vvs_relu_(TensorHandle x);
    [LibraryImport(Library)] internal static partial IntPtr vvs_gelu(TensorHandle x, [MarshalAs(UnmanagedType.U1)] bool tanh);
    [LibraryImport(Library)] internal static partial IntPtr vvs_max_pool2d(TensorHandle x, long* kernel, long* stride, long* padding, [MarshalAs(UnmanagedType.U1)] bool ceilMode);
    [LibraryImport(Library)] internal static partial IntPtr vvs_avg_pool2d(TensorHandle x, long* kernel, long* stride, long* padding);
    [LibraryImport(Library)] internal static partial IntPtr vvs_adaptive_avg_pool2d(TensorHandle x, long* size);
    [LibraryImport(Library)] internal static partial IntPtr vvs_dropout(TensorHandle x, double p, [MarshalAs(UnmanagedType.U1)] bool training);
    [LibraryImport(Library)] internal static partial IntPtr vvs_softmax(TensorHandle x, long dim);
    [LibraryImport(Library)] internal static partial IntPtr vvs_log_softmax(TensorHandle x, long dim);
    [LibraryImport(Library)] internal static partial IntPtr vvs_cross_entropy(TensorHandle logits, TensorHandle target, double labelSmoothing);
    [LibraryImport(Library)] internal static partial IntPtr vvs_mse_loss(TensorHandle x, TensorHandle y);

    [LibraryImport(Library)] internal static partial int vvs_init_kaiming_uniform_(TensorHandle t, double a, int mode, int nonlinearity);
    [LibraryImport(Library)] internal static partial int vvs_init_kaiming_normal_(TensorHandle t, double a, int mode, int nonlinearity);
    [LibraryImport(Library)] internal static partial int vvs_init_uniform_(TensorHandle t, double low, double high);
    [LibraryImport(Library)] internal static partial int vvs_init_normal_(TensorHandle t, double mean, double std);
    [LibraryImport(Library)] internal static partial int vvs_init_trunc_normal_(TensorHandle t, double std);
}
