namespace VvsNotebook.Torch.Profiling;

/// <summary>
/// Counts multiply-accumulates of the forward passes run on this thread while it is active.
/// Convention: convolutions (output elements x input channels per group x kernel area), linear layers
/// (output elements x input features) and tensor matmuls (output elements x inner size, e.g. attention);
/// biases, normalisation, activations and pooling are not counted. This gives torchvision's/fvcore's
/// numbers (ResNet-18 at 224: 1,814,073,344), slightly below conventions that add bias or BN terms.
/// </summary>
public sealed class MacCounter : IDisposable
{
    [ThreadStatic] private static MacCounter? _active;
    private readonly MacCounter? _outer;

    private MacCounter() { _outer = _active; _active = this; }

    public static MacCounter Start() => new();

    public long Convolution { get; private set; }
    public long Linear { get; private set; }
    public long MatMul { get; private set; }
    public long Total => Convolution + Linear + MatMul;

    internal static bool IsCounting => _active is not null;

    internal static void AddConvolution(long macs) { for (var c = _active; c is not null; c = c._outer) c.Convolution += macs; }
    internal static void AddLinear(long macs) { for (var c = _active; c is not null; c = c._outer) c.Linear += macs; }
    internal static void AddMatMul(long macs) { for (var c = _active; c is not null; c = c._outer) c.MatMul += macs; }

    public void Dispose()
    {
        if (ReferenceEquals(_active, this)) _active = _outer;
    }
}
