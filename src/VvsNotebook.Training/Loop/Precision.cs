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

    /// <summary>Throws naming the problem and the fix when <paramref name="precision"/> cannot run on <paramref name="device"/> here.</summary>
    public static void Validate(string precision, string device)
    {
        if (!Names.Contains(precision))
            throw new ArgumentException($"Unknown precision '{precision}'; use --precision fp32, bf16 or fp16.");
        if (device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase)) return;
        if (precision == Fp16)
            throw new ArgumentException("--precision fp16 needs a GPU (--device cuda): a CPU has no fast fp16 arithmetic. " +
                (Runtime.TorchRuntime.CpuHasBf16() ? "On this CPU use --precision bf16, which needs no loss scaling." : "On this CPU use --precision fp32."));
        if (precision == Bf16 && !Runtime.TorchRuntime.CpuHasBf16())
            throw new ArgumentException("--precision bf16 on this CPU would be emulated and slower than fp32: it has neither AVX-512 BF16 nor AMX " +
                "(no avx512_bf16 or amx_bf16 flag in /proc/cpuinfo). Use --precision fp32.");
    }

    public static ScalarType ComputeType(string precision) => precision switch
    {
        Bf16 => ScalarType.BFloat16,
        Fp16 => ScalarType.Float16,
        _ => ScalarType.Float32,
    };
}

/// <summary>
/// Mixed precision by hand (TorchSharp has no autocast): the fp32 <see cref="Master"/> model is what the optimiser
/// updates, checkpoints and evaluates; a <see cref="Compute"/> copy in bf16/fp16 runs forward and backward. Its
/// normalisation layers stay fp32 (libtorch normalises low-precision inputs with fp32 weights), so running statistics
/// accumulate in fp32 and are not rounded to bf16's 8-bit mantissa every step. After backward the gradients are
/// copied into the master as fp32 (unscaled, with an inf/NaN check for fp16's dynamic loss scale); after the step the
/// master weights are copied back, so small updates accumulate in fp32 instead of being lost.
/// </summary>
public sealed class MixedPrecision : IDisposable
{
    /// <summary>PyTorch's GradScaler defaults: start at 2^16, halve on overflow, double after 2000 clean steps.</summary>
    private const double InitialScale = 65536;
    private const int GrowthInterval = 2000;

    private readonly (Parameter Master, Parameter Compute)[] _parameters;
    private readonly (Tensor Master, Tensor Compute)[] _buffers;
    private readonly bool _scaled;
    private double _scale = InitialScale;
    private int _goodSteps;

    public MixedPrecision(Module<Tensor, Tensor> master, Module<Tensor, Tensor> compute, ScalarType computeType)
    {
        if (computeType is not (ScalarType.BFloat16 or ScalarType.Float16))
            throw new ArgumentException($"Mixed precision computes in bf16 or fp16, not {computeType}.", nameof(computeType));
        Master = master;
        Compute = compute;
        ComputeType = computeType;
        _scaled = computeType == ScalarType.Float16;
        compute.to(computeType);
        // Normalisation layers are leaves, so converting them back touches nothing else.
        foreach (var (_, module) in Models.ModuleTree.DepthFirst(compute))
            if (module is NormBase or TorchSharp.Modules.LayerNorm or TorchSharp.Modules.GroupNorm) module.to(ScalarType.Float32);
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

    /// <summary>fp16's loss scale and its clean-step count, for checkpoints (null for bf16, which is not scaled).</summary>
    public LossScaleState? ScaleState
    {
        get => _scaled ? new LossScaleState(_scale, _goodSteps) : null;
        set => (_scale, _goodSteps) = value is { } s && _scaled ? (s.Scale, s.GoodSteps) : (InitialScale, 0);
    }

    /// <summary>
    /// Moves the compute gradients into the master parameters as fp32; false when fp16 overflowed (the step must be
    /// skipped, and the scale halves).
    /// </summary>
    public bool UnscaleGradientsIntoMaster()
    {
        using var scope = NewDisposeScope();
        var checks = new List<Tensor>(_parameters.Length);
        foreach (var (master, compute) in _parameters)
        {
            if (compute.grad is not { } grad) { master.grad = null; continue; }
            var g = grad.to(ScalarType.Float32);
            if (_scaled)
            {
                g.div_(_scale); // a power of two: exact
                checks.Add(g.isfinite().all());
            }
            master.grad = g.MoveToOuterDisposeScope();
        }
        foreach (var (_, compute) in _parameters) compute.grad = null;
        if (!_scaled) return true;
        // One device-to-host sync for all parameters, not one per tensor.
        if (checks.Count > 0 && !torch.stack(checks).all().item<bool>())
        {
            _scale /= 2;
            _goodSteps = 0;
            foreach (var (master, _) in _parameters) master.grad = null;
            return false;
        }
        if (++_goodSteps == GrowthInterval) { _scale *= 2; _goodSteps = 0; }
        return true;
    }

    /// <summary>
    /// Copies the master weights into the compute model after an optimiser step. Buffers are not copied: during
    /// training the compute model's running statistics are the current ones.
    /// </summary>
    public void CopyWeightsToCompute()
    {
        using var _ = no_grad();
        foreach (var (master, compute) in _parameters) compute.copy_(master);
    }

    /// <summary>Copies the master weights and buffers into the compute model (at the start, after a resume).</summary>
    public void SyncComputeFromMaster()
    {
        using var _ = no_grad();
        foreach (var (master, compute) in _parameters) compute.copy_(master);
        foreach (var (master, compute) in _buffers) compute.copy_(master);
    }

    /// <summary>Copies the running statistics the compute model gathered (batch norm) into the master, before it evaluates or is saved.</summary>
    public void SyncMasterBuffers()
    {
        using var _ = no_grad();
        foreach (var (master, compute) in _buffers) master.copy_(compute);
    }

    public void Dispose() => Compute.Dispose();
}

/// <summary>fp16's dynamic loss scale as a checkpoint keeps it.</summary>
public sealed record LossScaleState(double Scale, int GoodSteps);
