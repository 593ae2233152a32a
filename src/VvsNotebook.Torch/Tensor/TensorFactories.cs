using VvsNotebook.Torch.PInvoke;

namespace VvsNotebook.Torch;

public static partial class torch
{
    /// <summary>A tensor holding a copy of <paramref name="data"/> with the given shape (default: 1-D).</summary>
    public static unsafe Tensor tensor<T>(T[] data, long[]? shape = null, ScalarType? dtype = null, bool requires_grad = false) where T : unmanaged
    {
        shape ??= [data.Length];
        ValidateShape(shape);
        var count = shape.Aggregate(1L, (a, b) => a * b);
        if (count != data.Length)
            throw new ArgumentException($"Shape [{string.Join(", ", shape)}] needs {count} elements but {data.Length} were given.", nameof(shape));
        Tensor result;
        fixed (T* d = data)
        fixed (long* s = shape)
            result = Tensor.Wrap(NativeMethods.vvs_tensor_from_data(d, s, shape.Length, (int)ScalarTypeOf<T>()));
        if (dtype is { } wanted && wanted != result.dtype)
        {
            var converted = result.to(wanted);
            result.Dispose();
            result = converted;
        }
        if (requires_grad) result.requires_grad = true;
        return result;
    }

    public static unsafe Tensor zeros(long[] shape, ScalarType dtype = ScalarType.Float32, bool requires_grad = false)
    { ValidateShape(shape); fixed (long* s = shape) return Tensor.Wrap(NativeMethods.vvs_tensor_zeros(s, shape.Length, (int)dtype, requires_grad)); }

    public static unsafe Tensor ones(long[] shape, ScalarType dtype = ScalarType.Float32, bool requires_grad = false)
    { ValidateShape(shape); fixed (long* s = shape) return Tensor.Wrap(NativeMethods.vvs_tensor_ones(s, shape.Length, (int)dtype, requires_grad)); }

    public static unsafe Tensor full(long[] shape, double value, ScalarType dtype = ScalarType.Float32, bool requires_grad = false)
    { ValidateShape(shape); fixed (long* s = shape) return Tensor.Wrap(NativeMethods.vvs_tensor_full(s, shape.Length, value, (int)dtype, requires_grad)); }

    public static unsafe Tensor randn(long[] shape, ScalarType dtype = ScalarType.Float32, bool requires_grad = false)
    { ValidateShape(shape); fixed (long* s = shape) return Tensor.Wrap(NativeMethods.vvs_tensor_randn(s, shape.Length, (int)dtype, requires_grad)); }

    public static unsafe Tensor rand(long[] shape, ScalarType dtype = ScalarType.Float32, bool requires_grad = false)
    { ValidateShape(shape); fixed (long* s = shape) return Tensor.Wrap(NativeMethods.vvs_tensor_rand(s, shape.Length, (int)dtype, requires_grad)); }

    public static unsafe Tensor randint(long low, long high, long[] shape)
    { ValidateShape(shape); fixed (long* s = shape) return Tensor.Wrap(NativeMethods.vvs_tensor_randint(low, high, s, shape.Length)); }

    public static Tensor randperm(long n) => Tensor.Wrap(NativeMethods.vvs_tensor_randperm(n));

    public static Tensor arange(double start, double end, double step = 1, ScalarType dtype = ScalarType.Int64) =>
        Tensor.Wrap(NativeMethods.vvs_tensor_arange(start, end, step, (int)dtype));

    public static unsafe Tensor cat(IReadOnlyList<Tensor> tensors, long dim = 0)
    {
        var handles = Handles(tensors);
        fixed (IntPtr* p = handles) { var r = Tensor.Wrap(NativeMethods.vvs_tensor_cat(p, handles.Length, dim)); GC.KeepAlive(tensors); return r; }
    }

    public static unsafe Tensor stack(IReadOnlyList<Tensor> tensors, long dim = 0)
    {
        var handles = Handles(tensors);
        fixed (IntPtr* p = handles) { var r = Tensor.Wrap(NativeMethods.vvs_tensor_stack(p, handles.Length, dim)); GC.KeepAlive(tensors); return r; }
    }

    internal static IntPtr[] Handles(IReadOnlyList<Tensor> tensors)
    {
        if (tensors.Count == 0) throw new ArgumentException("At least one tensor is needed.", nameof(tensors));
        return tensors.Select(t => t.Live.DangerousGetHandle()).ToArray();
    }

    private static void ValidateShape(long[] shape)
    {
        for (var i = 0; i < shape.Length; i++)
            if (shape[i] < 0) throw new ArgumentException($"Shape [{string.Join(", ", shape)}] has a negative size at dimension {i}.", nameof(shape));
    }
}
