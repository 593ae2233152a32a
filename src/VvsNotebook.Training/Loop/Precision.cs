using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VvsNotebook.Training.Loop;

/// <summary>Arithmetic of a training run: fp32, or bf16/fp16 compute with fp32 master weights.</summary>
public static class Precision
{
    public const string Fp32 = "fp32", Bf16 = "bf16", Fp16 = "fp16";

    public static IReadOnlyList<string> Names { get; } = [Fp32, Bf16, Fp16];

    /// <summary>Throws naming the problem when <paramref name="precision"/> cannot run on <paramref name="device"/> here.</summary>
    public static void Validate(string precision, string device)
    {
        if (!Names.Contains(precision))
            throw new ArgumentException($"Unknown precision '{precision}'; use {string.Join(", ", Names)}.");
        var onCuda = device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase);
        if (precision == Fp16 && !onCuda)
            throw new ArgumentException("fp16 training needs a GPU (--device cuda); on a CPU use bf16, which needs no loss scaling.");
        if (precision == Bf16 && !onCuda && !Runtime.TorchRuntime.CpuHasBf16())
            throw new ArgumentException("bf16 on this CPU would be emulated and slower than fp32: it has neither AVX-512 BF16 nor AMX. Use --precision fp32.");
    }

    public static ScalarType ComputeType(string precision) => precision switch
    {
        Bf16 => ScalarType.BFloat16,
        Fp16 => ScalarType.Float16,
        _ => ScalarType.Float32,
    };
}

/// <summary>
/// Mixed precision by hand: the fp32 <see cref="Master"/> model is what the optimiser updates, checkpoints and
/// evaluates; a <see cref="Compute"/> copy in bf16/fp16 runs forward and backward. After backward the low-precision
/// gradients are copied into the master (unscaled, with inf/NaN checks for fp16's dynamic loss scale), and after the
/// step the master weights are copied back, so small updates are not lost to bf16's 8-bit mantissa.
/// </summary>
public sealed class MixedPrecision : IDisposable
{
    private readonly (Parameter Master, Parameter Compute)[] _parameters;
    private readonly (Tensor Master, Tensor Compute)[] _buffers;
    private readonly bool _scaled;
    private double _scale = 65536;
    private int _goodSteps;

    public MixedPrecision(Module<Tensor, Tensor> master, Module<Tensor, Tensor> compute, ScalarType computeType)
    {
        Master = master;
        Compute = compute;
        ComputeType = computeType;
        _scaled = computeType == ScalarType.Float16;
        compute.to(computeType);
        var masterParameters = master.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        _parameters = compute.named_parameters().Select(p => (masterParameters[p.name], p.parameter)).ToArray();
        var masterBuffers = master.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        _buffers = compute.named_buffers().Select(b => (masterBuffers[b.name], b.buffer)).ToArray();
        SyncComputeFromMaster();
    }

    public Module<Tensor, Tensor> Master { get; }
    public Module<Tensor, Tensor> Compute { get; }
    public ScalarType ComputeType { get; }

    /// <summary>The factor the loss is multiplied by before backward (1 for bf16).</summary>
    public double LossScale => _scaled ? _scale : 1;

    /// <summary>
    /// Moves the compute gradients into the master parameters; false when fp16 overflowed (the step must be
    /// skipped: the scale halves).
    /// </summary>
    public bool UnscaleGradientsIntoMaster()
    {
        using var scope = NewDisposeScope();
        var finite = true;
        foreach (var (master, compute) in _parameters)
        {
            if (compute.grad is not { } grad) { master.grad = null; continue; }
            var g = grad.to(ScalarType.Float32);
            if (_scaled)
            {
                g.div_(_scale);
                if (!g.isfinite().all().item<bool>()) finite = false;
            }
            master.grad = g.MoveToOuterDisposeScope();
        }
        foreach (var (_, compute) in _parameters) compute.grad = null;
        if (!_scaled) return true;
        if (!finite)
        {
            _scale /= 2;
            _goodSteps = 0;
            foreach (var (master, _) in _parameters) master.grad = null;
            return false;
        }
        if (++_goodSteps == 2000) { _scale *= 2; _goodSteps = 0; }
        return true;
    }

    /// <summary>Copies the master weights (after a step, a resume) and buffers into the compute model.</summary>
    public void SyncComputeFromMaster()
    {
        using var _ = no_grad();
        foreach (var (master, compute) in _parameters) compute.copy_(master);
        foreach (var (master, compute) in _buffers) compute.copy_(master);
    }

    /// <summary>Copies the running statistics the compute model gathered (batch norm) into the master.</summary>
    public void SyncMasterBuffers()
    {
        using var _ = no_grad();
        foreach (var (master, compute) in _buffers) master.copy_(compute);
    }

    public void Dispose() => Compute.Dispose();
}
