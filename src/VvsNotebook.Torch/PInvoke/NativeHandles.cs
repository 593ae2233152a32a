using System.Runtime.InteropServices;

namespace VvsNotebook.Torch.PInvoke;

/// <summary>Owns one native <c>at::Tensor*</c>; releasing it drops the reference libtorch holds for us.</summary>
internal sealed class TensorHandle : SafeHandle
{
    public TensorHandle() : base(IntPtr.Zero, ownsHandle: true) { }
    public TensorHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);
    public override bool IsInvalid => handle == IntPtr.Zero;
    protected override bool ReleaseHandle() { NativeMethods.vvs_tensor_free(handle); return true; }

    /// <summary>Passed for an absent optional tensor (a layer without bias); native code sees a null pointer.</summary>
    internal static readonly TensorHandle Null = new();
}

/// <summary>Owns one native <c>torch::optim::Optimizer*</c>.</summary>
internal sealed class OptimizerHandle : SafeHandle
{
    public OptimizerHandle() : base(IntPtr.Zero, ownsHandle: true) { }
    public OptimizerHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);
    public override bool IsInvalid => handle == IntPtr.Zero;
    protected override bool ReleaseHandle() { NativeMethods.vvs_optim_free(handle); return true; }
}
