using VvsNotebook.Torch.PInvoke;

namespace VvsNotebook.Torch;

public partial class Tensor
{
    public Tensor add(Tensor other, double alpha = 1) => Wrap(NativeMethods.vvs_tensor_add(Live, other.Live, alpha));
    public Tensor sub(Tensor other) => Wrap(NativeMethods.vvs_tensor_sub(Live, other.Live));
    public Tensor mul(Tensor other) => Wrap(NativeMethods.vvs_tensor_mul(Live, other.Live));
    public Tensor div(Tensor other) => Wrap(NativeMethods.vvs_tensor_div(Live, other.Live));
    public Tensor add(double scalar) => Wrap(NativeMethods.vvs_tensor_add_scalar(Live, scalar));
    public Tensor mul(double scalar) => Wrap(NativeMethods.vvs_tensor_mul_scalar(Live, scalar));
    public Tensor pow(double exponent) => Wrap(NativeMethods.vvs_tensor_pow_scalar(Live, exponent));
    public Tensor matmul(Tensor other)
    {
        var output = Wrap(NativeMethods.vvs_tensor_matmul(Live, other.Live));
        if (Profiling.MacCounter.IsCounting) Profiling.MacCounter.AddMatMul(output.numel() * size(-1));
        return output;
    }
    public Tensor neg() => Wrap(NativeMethods.vvs_tensor_neg(Live));
    public Tensor exp() => Wrap(NativeMethods.vvs_tensor_exp(Live));
    public Tensor log() => Wrap(NativeMethods.vvs_tensor_log(Live));
    public Tensor sqrt() => Wrap(NativeMethods.vvs_tensor_sqrt(Live));
    public Tensor abs() => Wrap(NativeMethods.vvs_tensor_abs(Live));
    public Tensor tanh() => Wrap(NativeMethods.vvs_tensor_tanh(Live));
    public Tensor sigmoid() => Wrap(NativeMethods.vvs_tensor_sigmoid(Live));
    public Tensor eq(Tensor other) => Wrap(NativeMethods.vvs_tensor_eq(Live, other.Live));

    public static Tensor operator +(Tensor a, Tensor b) => a.add(b);
    public static Tensor operator -(Tensor a, Tensor b) => a.sub(b);
    public static Tensor operator *(Tensor a, Tensor b) => a.mul(b);
    public static Tensor operator /(Tensor a, Tensor b) => a.div(b);
    public static Tensor operator +(Tensor a, double b) => a.add(b);
    public static Tensor operator -(Tensor a, double b) => a.add(-b);
    public static Tensor operator *(Tensor a, double b) => a.mul(b);
    public static Tensor operator *(double a, Tensor b) => b.mul(a);
    public static Tensor operator /(Tensor a, double b) => a.mul(1.0 / b);
    public static Tensor operator -(Tensor a) => a.neg();

    // In place, without recording autograd history where that is what callers mean (parameter updates, init).
    public Tensor add_(Tensor other, double alpha = 1) { torch.Check(NativeMethods.vvs_tensor_add_(Live, other.Live, alpha)); return this; }
    public Tensor mul_(double scalar) { torch.Check(NativeMethods.vvs_tensor_mul_scalar_(Live, scalar)); return this; }
    public Tensor copy_(Tensor source) { torch.Check(NativeMethods.vvs_tensor_copy_(Live, source.Live)); return this; }
    public Tensor fill_(double value) { torch.Check(NativeMethods.vvs_tensor_fill_(Live, value)); return this; }
    public Tensor zero_() { torch.Check(NativeMethods.vvs_tensor_zero_(Live)); return this; }

    // ---- reductions ----
    public Tensor sum() => Wrap(NativeMethods.vvs_tensor_sum(Live));
    public unsafe Tensor sum(long[] dims, bool keepdim = false) { fixed (long* p = dims) return Wrap(NativeMethods.vvs_tensor_sum_dim(Live, p, dims.Length, keepdim)); }
    public Tensor mean() => Wrap(NativeMethods.vvs_tensor_mean(Live));
    public unsafe Tensor mean(long[] dims, bool keepdim = false) { fixed (long* p = dims) return Wrap(NativeMethods.vvs_tensor_mean_dim(Live, p, dims.Length, keepdim)); }
    public Tensor max() => Wrap(NativeMethods.vvs_tensor_max(Live));
    public Tensor argmax(long dim, bool keepdim = false) => Wrap(NativeMethods.vvs_tensor_argmax(Live, dim, keepdim));
}
