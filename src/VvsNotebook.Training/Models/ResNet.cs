using VvsNotebook.Torch;
using VvsNotebook.Torch.Modules;
using static VvsNotebook.Torch.torch;

namespace VvsNotebook.Training.Models;

/// <summary>
/// torchvision's ResNet (v1.5: stride on the 3x3 of bottlenecks), with a width multiplier on every stage and a
/// small-input stem (3x3 stride 1, no max-pool) for 28x28 and 32x32 images. State names match torchvision.
/// </summary>
public sealed class ResNet : Module<Tensor, Tensor>
{
    private readonly Conv2d _conv1;
    private readonly BatchNorm2d _bn1;
    private readonly ReLU _relu;
    private readonly Module<Tensor, Tensor> _maxpool;
    private readonly Sequential _layer1, _layer2, _layer3, _layer4;
    private readonly AdaptiveAvgPool2d _avgpool;
    private readonly Linear _fc;

    /// <param name="blocks">Residual blocks per stage, e.g. [2,2,2,2] for ResNet-18.</param>
    /// <param name="bottleneck">Bottleneck blocks (expansion 4) as in ResNet-50, else basic blocks.</param>
    public ResNet(int[] blocks, bool bottleneck, ModelSpec spec) : base(nameof(ResNet))
    {
        if (blocks.Length != 4 || blocks.Any(b => b < 1)) throw new ArgumentException($"ResNet needs 4 stages of at least one block, got [{string.Join(", ", blocks)}].", nameof(blocks));
        var input = spec.InputShape;
        var stem = spec.Scale(64);
        _conv1 = input.IsSmall ? nn.Conv2d(input.Channels, stem, 3, 1, 1, bias: false) : nn.Conv2d(input.Channels, stem, 7, 2, 3, bias: false);
        _bn1 = nn.BatchNorm2d(stem);
        _relu = nn.ReLU(inplace: true);
        _maxpool = input.IsSmall ? nn.Identity() : nn.MaxPool2d(3, 2, 1);
        var expansion = bottleneck ? 4 : 1;
        var inPlanes = stem;
        Sequential Stage(int planes, int count, int stride)
        {
            var layers = new List<Module<Tensor, Tensor>>();
            for (var i = 0; i < count; i++)
            {
                layers.Add(bottleneck ? new Bottleneck(inPlanes, planes, i == 0 ? stride : 1) : new BasicBlock(inPlanes, planes, i == 0 ? stride : 1));
                inPlanes = planes * expansion;
            }
            return nn.Sequential(layers.ToArray());
        }
        _layer1 = Stage(spec.Scale(64), blocks[0], 1);
        _layer2 = Stage(spec.Scale(128), blocks[1], 2);
        _layer3 = Stage(spec.Scale(256), blocks[2], 2);
        _layer4 = Stage(spec.Scale(512), blocks[3], 2);
        _avgpool = nn.AdaptiveAvgPool2d(1);
        _fc = nn.Linear(inPlanes, spec.NumClasses);
        RegisterComponents();
        InitializeLikeTorchvision(this);
    }

    public override Tensor forward(Tensor input)
    {
        var x = _maxpool.call(_relu.call(_bn1.call(_conv1.call(input))));
        x = _layer4.call(_layer3.call(_layer2.call(_layer1.call(x))));
        return _fc.call(_avgpool.call(x).flatten(1));
    }

    /// <summary>Kaiming-normal (fan-out, ReLU) convolutions, unit/zero batch norms, as torchvision does.</summary>
    internal static void InitializeLikeTorchvision(Module model)
    {
        foreach (var (_, m) in model.named_modules())
        {
            if (m is Conv2d conv) nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanMode.FanOut, nonlinearity: nn.init.Nonlinearity.ReLU);
            else if (m is BatchNorm2d bn) { nn.init.ones_(bn.weight); nn.init.zeros_(bn.bias); }
        }
    }

    /// <summary>Two 3x3 convolutions with an identity (or 1x1 projection) shortcut.</summary>
    public sealed class BasicBlock : Module<Tensor, Tensor>
    {
        private readonly Conv2d _conv1, _conv2;
        private readonly BatchNorm2d _bn1, _bn2;
        private readonly ReLU _relu;
        private readonly Sequential? _downsample;

        public BasicBlock(int inPlanes, int planes, int stride) : base(nameof(BasicBlock))
        {
            _conv1 = nn.Conv2d(inPlanes, planes, 3, stride, 1, bias: false);
            _bn1 = nn.BatchNorm2d(planes);
            _relu = nn.ReLU(inplace: true);
            _conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias: false);
            _bn2 = nn.BatchNorm2d(planes);
            if (stride != 1 || inPlanes != planes)
                _downsample = nn.Sequential(nn.Conv2d(inPlanes, planes, 1, stride, bias: false), nn.BatchNorm2d(planes));
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            var x = _relu.call(_bn1.call(_conv1.call(input)));
            x = _bn2.call(_conv2.call(x));
            var identity = _downsample is null ? input : _downsample.call(input);
            return _relu.call(x.add_(identity));
        }
    }

    /// <summary>1x1 reduce, 3x3 (strided), 1x1 expand by 4, with a projection shortcut where shapes change.</summary>
    public sealed class Bottleneck : Module<Tensor, Tensor>
    {
        private readonly Conv2d _conv1, _conv2, _conv3;
        private readonly BatchNorm2d _bn1, _bn2, _bn3;
        private readonly ReLU _relu;
        private readonly Sequential? _downsample;

        public Bottleneck(int inPlanes, int planes, int stride) : base(nameof(Bottleneck))
        {
            _conv1 = nn.Conv2d(inPlanes, planes, 1, bias: false);
            _bn1 = nn.BatchNorm2d(planes);
            _conv2 = nn.Conv2d(planes, planes, 3, stride, 1, bias: false);
            _bn2 = nn.BatchNorm2d(planes);
            _conv3 = nn.Conv2d(planes, planes * 4, 1, bias: false);
            _bn3 = nn.BatchNorm2d(planes * 4);
            _relu = nn.ReLU(inplace: true);
            if (stride != 1 || inPlanes != planes * 4)
                _downsample = nn.Sequential(nn.Conv2d(inPlanes, planes * 4, 1, stride, bias: false), nn.BatchNorm2d(planes * 4));
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            var x = _relu.call(_bn1.call(_conv1.call(input)));
            x = _relu.call(_bn2.call(_conv2.call(x)));
            x = _bn3.call(_conv3.call(x));
            var identity = _downsample is null ? input : _downsample.call(input);
            return _relu.call(x.add_(identity));
        }
    }
}
