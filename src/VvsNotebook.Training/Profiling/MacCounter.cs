using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using VvsNotebook.Training.Models;

namespace VvsNotebook.Training.Profiling;

/// <summary>
/// Counts multiply-accumulates of one model's forward passes while active (functional ops go to the innermost counter). Convention: convolutions (output
/// elements x input channels per group x kernel area), linear layers (output elements x input features) and
/// tensor matmuls (output elements x inner size, e.g. attention); biases, normalisation, activations and pooling
/// are not counted. This gives torchvision's/fvcore's numbers (ResNet-18 at 224: 1,814,073,344). Conv2d and Linear
/// modules are counted through forward hooks; code that calls the functional ops itself goes through
/// <see cref="Conv2d(Tensor, Tensor, long, long)"/> and <see cref="MatMul"/>.
/// </summary>
public sealed class MacCounter : IDisposable
{
    [ThreadStatic] private static MacCounter? _active;
    private readonly MacCounter? _outer;
    private readonly List<Action> _removeHooks = [];

    private MacCounter(Module model)
    {
        _outer = _active;
        _active = this;
        foreach (var (_, m) in ModuleTree.DepthFirst(model))
        {
            switch (m)
            {
                case TorchSharp.Modules.Conv2d conv:
                    var convHook = conv.register_forward_hook((_, _, output) =>
                    {
                        var w = conv.weight!;
                        Convolution += output.numel() * w.size(1) * w.size(2) * w.size(3);
                        return output;
                    });
                    _removeHooks.Add(convHook.remove);
                    break;
                case Linear linear:
                    var linearHook = linear.register_forward_hook((_, _, output) =>
                    {
                        Linear += output.numel() * linear.in_features;
                        return output;
                    });
                    _removeHooks.Add(linearHook.remove);
                    break;
            }
        }
    }

    /// <summary>Starts counting the forward passes of <paramref name="model"/> (and of functional ops) on this thread.</summary>
    public static MacCounter Start(Module model) => new(model);

    public long Convolution { get; private set; }
    public long Linear { get; private set; }
    public long MatMuls { get; private set; }
    public long Total => Convolution + Linear + MatMuls;

    /// <summary><c>torch.matmul</c>, counted when a counter is active.</summary>
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        var output = a.matmul(b);
        if (_active is { } counter) counter.MatMuls += output.numel() * a.size(-1);
        return output;
    }

    /// <summary>A bias-free square-kernel <c>conv2d</c> with <paramref name="weight"/>, counted when a counter is active.</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, long stride, long padding)
    {
        var output = Models.OneDnnGradientGuard.Conv2d(input, weight, stride, padding);
        if (_active is { } counter) counter.Convolution += output.numel() * weight.size(1) * weight.size(2) * weight.size(3);
        return output;
    }

    public void Dispose()
    {
        foreach (var remove in _removeHooks) remove();
        _removeHooks.Clear();
        if (ReferenceEquals(_active, this)) _active = _outer;
    }
}
