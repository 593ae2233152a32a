using System.Runtime.InteropServices;
using VvsNotebook.Torch.PInvoke;

namespace VvsNotebook.Torch;

/// <summary>
/// A libtorch tensor. It owns one native reference; <see cref="Dispose"/> (or the enclosing
/// <see cref="DisposeScope"/>) releases it deterministically, the finalizer of its handle otherwise.
/// </summary>
public partial class Tensor : IDisposable
{
    internal TensorHandle Handle { get; private set; }

    internal Tensor(IntPtr handle)
    {
        Handle = new TensorHandle(handle);
        DisposeScopeManager.Register(this);
    }

    /// <summary>Wraps a fresh native handle, turning a null one into the pending native error.</summary>
    internal static Tensor Wrap(IntPtr handle)
    {
        if (handle == IntPtr.Zero)
        {
            torch.CheckForErrors();
            throw new TorchException("Native call returned no tensor and no error.");
        }
        return new Tensor(handle);
    }

    public bool IsDisposed => Handle.IsClosed;

    public void Dispose()
    {
        Handle.Dispose();
        DisposeScopeManager.Forget(this);
        GC.SuppressFinalize(this);
    }

    internal TensorHandle Live => IsDisposed ? throw new ObjectDisposedException(nameof(Tensor), "The tensor was disposed (by Dispose or its DisposeScope).") : Handle;

    public int dim() => NativeMethods.vvs_tensor_ndim(Live);

    public unsafe long[] shape
    {
        get
        {
            var result = new long[dim()];
            fixed (long* p = result) NativeMethods.vvs_tensor_shape(Live, p);
            return result;
        }
    }

    public long size(int dim)
    {
        var s = shape;
        var d = dim < 0 ? dim + s.Length : dim;
        if (d < 0 || d >= s.Length) throw new ArgumentOutOfRangeException(nameof(dim), $"Dimension {dim} is out of range for a tensor with {s.Length} dimensions.");
        return s[d];
    }

    public long numel() => NativeMethods.vvs_tensor_numel(Live);
    public ScalarType dtype => (ScalarType)NativeMethods.vvs_tensor_dtype(Live);

    public bool requires_grad
    {
        get => NativeMethods.vvs_tensor_requires_grad(Live) != 0;
        set => torch.Check(NativeMethods.vvs_tensor_set_requires_grad(Live, value));
    }

    public bool is_leaf => NativeMethods.vvs_tensor_is_leaf(Live) != 0;

    /// <summary>The single value of a one-element tensor.</summary>
    public double item()
    {
        torch.Check(NativeMethods.vvs_tensor_item(Live, out var value));
        return value;
    }

    /// <summary>Elements in C order, converted to <typeparamref name="T"/>'s dtype when they differ.</summary>
    public unsafe T[] data<T>() where T : unmanaged
    {
        var wanted = torch.ScalarTypeOf<T>();
        using var source = dtype == wanted ? null : to(wanted);
        var t = source ?? this;
        var result = new T[t.numel()];
        fixed (T* p = result) torch.Check(NativeMethods.vvs_tensor_copy_to(t.Live, p, (long)result.Length * sizeof(T)));
        return result;
    }

    /// <summary>The raw bytes of the elements in this tensor's own dtype (used by state files).</summary>
    public unsafe byte[] bytes()
    {
        var result = new byte[numel() * dtype.ElementSize()];
        fixed (byte* p = result) torch.Check(NativeMethods.vvs_tensor_copy_to(Live, p, result.Length));
        return result;
    }

    public override string ToString() =>
        IsDisposed ? "tensor(disposed)" : $"tensor(shape=[{string.Join(", ", shape)}], dtype={dtype}{(requires_grad ? ", requires_grad" : "")})";

    // ---- conversion ----
    public Tensor to(ScalarType type) => Wrap(NativeMethods.vvs_tensor_to_dtype(Live, (int)type));
    public Tensor to(string device) => Wrap(NativeMethods.vvs_tensor_to_device(Live, device));
    public Tensor contiguous() => Wrap(NativeMethods.vvs_tensor_contiguous(Live));
    public Tensor clone() => Wrap(NativeMethods.vvs_tensor_clone(Live));
    public Tensor detach() => Wrap(NativeMethods.vvs_tensor_detach(Live));
    public Tensor @float() => to(ScalarType.Float32);
    public Tensor half() => to(ScalarType.Float16);
    public Tensor bfloat16() => to(ScalarType.BFloat16);
    public Tensor @long() => to(ScalarType.Int64);

    // ---- dispose-scope plumbing ----
    /// <summary>Keeps this tensor alive past the current scope by handing it to the enclosing one.</summary>
    public Tensor MoveToOuterDisposeScope() { DisposeScopeManager.MoveToOuter(this); return this; }

    /// <summary>Takes this tensor out of every scope; the caller (or the GC) now owns it.</summary>
    public Tensor DetachFromDisposeScope() { DisposeScopeManager.Forget(this); return this; }
}
