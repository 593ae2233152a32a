using VvsNotebook.Torch.PInvoke;

namespace VvsNotebook.Torch;

public partial class Tensor
{
    public unsafe Tensor reshape(params long[] shape) { fixed (long* p = shape) return Wrap(NativeMethods.vvs_tensor_reshape(Live, p, shape.Length)); }
    public unsafe Tensor view(params long[] shape) { fixed (long* p = shape) return Wrap(NativeMethods.vvs_tensor_view(Live, p, shape.Length)); }
    public unsafe Tensor permute(params long[] order) { fixed (long* p = order) return Wrap(NativeMethods.vvs_tensor_permute(Live, p, order.Length)); }
    public unsafe Tensor expand(params long[] shape) { fixed (long* p = shape) return Wrap(NativeMethods.vvs_tensor_expand(Live, p, shape.Length)); }
    public unsafe Tensor flip(params long[] dims) { fixed (long* p = dims) return Wrap(NativeMethods.vvs_tensor_flip(Live, p, dims.Length)); }
    public Tensor transpose(long dim0, long dim1) => Wrap(NativeMethods.vvs_tensor_transpose(Live, dim0, dim1));
    public Tensor flatten(long start_dim = 0, long end_dim = -1) => Wrap(NativeMethods.vvs_tensor_flatten(Live, start_dim, end_dim));
    public Tensor unsqueeze(long dim) => Wrap(NativeMethods.vvs_tensor_unsqueeze(Live, dim));
    public Tensor squeeze(long dim) => Wrap(NativeMethods.vvs_tensor_squeeze(Live, dim));

    /// <summary>Elements start..end-1 (step) along <paramref name="dim"/>, a view like Python's <c>t[:, start:end:step]</c>.</summary>
    public Tensor slice(long dim, long start, long end, long step = 1) => Wrap(NativeMethods.vvs_tensor_slice(Live, dim, start, end, step));

    /// <summary>Index <paramref name="index"/> along <paramref name="dim"/>, dropping that dimension.</summary>
    public Tensor select(long dim, long index) => Wrap(NativeMethods.vvs_tensor_select(Live, dim, index));

    public Tensor index_select(long dim, Tensor index) => Wrap(NativeMethods.vvs_tensor_index_select(Live, dim, index.Live));

    /// <summary>A new handle to the same tensor (same storage, same autograd node).</summary>
    public Tensor alias() => Wrap(NativeMethods.vvs_tensor_alias(Live));

    /// <summary>Row <paramref name="index"/> of the first dimension.</summary>
    public Tensor this[long index] => select(0, index);
}
