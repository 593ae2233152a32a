using System.Runtime.InteropServices;

namespace VvsNotebook.Torch.PInvoke;

/// <summary>Exports of native/src/tensor.cpp.</summary>
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Library)] internal static partial void vvs_tensor_free(IntPtr t);

    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_from_data(void* data, long* shape, int ndim, int dtype);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_zeros(long* shape, int ndim, int dtype, [MarshalAs(UnmanagedType.U1)] bool requiresGrad);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_ones(long* shape, int ndim, int dtype, [MarshalAs(UnmanagedType.U1)] bool requiresGrad);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_full(long* shape, int ndim, double value, int dtype, [MarshalAs(UnmanagedType.U1)] bool requiresGrad);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_randn(long* shape, int ndim, int dtype, [MarshalAs(UnmanagedType.U1)] bool requiresGrad);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_rand(long* shape, int ndim, int dtype, [MarshalAs(UnmanagedType.U1)] bool requiresGrad);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_randint(long low, long high, long* shape, int ndim);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_randperm(long n);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_arange(double start, double end, double step, int dtype);

    [LibraryImport(Library)] internal static partial int vvs_tensor_ndim(TensorHandle t);
    [LibraryImport(Library)] internal static partial void vvs_tensor_shape(TensorHandle t, long* shape);
    [LibraryImport(Library)] internal static partial int vvs_tensor_dtype(TensorHandle t);
    [LibraryImport(Library)] internal static partial long vvs_tensor_numel(TensorHandle t);
    [LibraryImport(Library)] internal static partial int vvs_tensor_requires_grad(TensorHandle t);
    [LibraryImport(Library)] internal static partial int vvs_tensor_set_requires_grad(TensorHandle t, [MarshalAs(UnmanagedType.U1)] bool value);
    [LibraryImport(Library)] internal static partial int vvs_tensor_is_leaf(TensorHandle t);
    [LibraryImport(Library)] internal static partial int vvs_tensor_copy_to(TensorHandle t, void* dst, long nbytes);
    [LibraryImport(Library)] internal static partial int vvs_tensor_item(TensorHandle t, out double value);

    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_to_dtype(TensorHandle t, int dtype);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr vvs_tensor_to_device(TensorHandle t, string device);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_contiguous(TensorHandle t);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_clone(TensorHandle t);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_detach(TensorHandle t);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_alias(TensorHandle t);

    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_reshape(TensorHandle t, long* shape, int ndim);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_view(TensorHandle t, long* shape, int ndim);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_permute(TensorHandle t, long* order, int ndim);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_transpose(TensorHandle t, long a, long b);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_flatten(TensorHandle t, long start, long end);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_unsqueeze(TensorHandle t, long dim);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_squeeze(TensorHandle t, long dim);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_expand(TensorHandle t, long* shape, int ndim);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_slice(TensorHandle t, long dim, long start, long end, long step);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_select(TensorHandle t, long dim, long index);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_index_select(TensorHandle t, long dim, TensorHandle index);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_cat(IntPtr* tensors, int n, long dim);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_stack(IntPtr* tensors, int n, long dim);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_flip(TensorHandle t, long* dims, int n);

    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_add(TensorHandle a, TensorHandle b, double alpha);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_sub(TensorHandle a, TensorHandle b);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_mul(TensorHandle a, TensorHandle b);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_div(TensorHandle a, TensorHandle b);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_add_scalar(TensorHandle a, double s);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_mul_scalar(TensorHandle a, double s);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_pow_scalar(TensorHandle a, double s);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_matmul(TensorHandle a, TensorHandle b);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_neg(TensorHandle a);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_exp(TensorHandle a);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_log(TensorHandle a);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_sqrt(TensorHandle a);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_abs(TensorHandle a);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_tanh(TensorHandle a);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_sigmoid(TensorHandle a);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_eq(TensorHandle a, TensorHandle b);

    [LibraryImport(Library)] internal static partial int vvs_tensor_add_(TensorHandle a, TensorHandle b, double alpha);
    [LibraryImport(Library)] internal static partial int vvs_tensor_mul_scalar_(TensorHandle a, double s);
    [LibraryImport(Library)] internal static partial int vvs_tensor_copy_(TensorHandle dst, TensorHandle src);
    [LibraryImport(Library)] internal static partial int vvs_tensor_fill_(TensorHandle t, double value);
    [LibraryImport(Library)] internal static partial int vvs_tensor_zero_(TensorHandle t);

    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_sum(TensorHandle t);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_sum_dim(TensorHandle t, long* dims, int n, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_mean(TensorHandle t);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_mean_dim(TensorHandle t, long* dims, int n, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_max(TensorHandle t);
    [LibraryImport(Library)] internal static partial IntPtr vvs_tensor_argmax(TensorHandle t, long dim, [MarshalAs(UnmanagedType.U1)] bool keepdim);
}
