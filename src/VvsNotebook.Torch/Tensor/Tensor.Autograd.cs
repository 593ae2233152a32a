using VvsNotebook.Torch.PInvoke;

namespace VvsNotebook.Torch;

public partial class Tensor
{
    /// <summary>Accumulates d(this)/d(leaf) into every leaf's <see cref="grad"/>; this must be a scalar.</summary>
    public void backward() => torch.Check(NativeMethods.vvs_backward(Live));

    /// <summary>The accumulated gradient, or null before any backward pass reached this leaf.</summary>
    public Tensor? grad
    {
        get
        {
            var h = NativeMethods.vvs_tensor_grad(Live);
            if (h == IntPtr.Zero) { torch.CheckForErrors(); return null; }
            return new Tensor(h);
        }
    }

    /// <summary>Drops the gradient (PyTorch's <c>set_to_none</c> semantics).</summary>
    public void zero_grad() => torch.Check(NativeMethods.vvs_tensor_zero_grad(Live));

    public Tensor requires_grad_(bool value = true) { requires_grad = value; return this; }
}
