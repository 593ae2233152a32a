using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VvsNotebook.Training.Models;

/// <summary>
/// torchvision's ResNet (v1.5: stride on the 3x3 of bottlenecks), with a width multiplier on every stage and a
/// small-input stem (3x3 stride 1, no max-pool) for 28x28 and 32x32 images. State names match torchvision.
/// </summary>
public sealed class ResNet : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly ReLU relu;
    private readonly Module<Tensor, Tensor> maxpool;
    private readonly Sequential layer1, layer2, layer3, layer4;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Linear fc;

    /// <param name="blocks">Residual blocks per stage, e.g. [2,2,2,2] for ResNet-18.</param>
    /// <param name="bottleneck">Bottleneck blocks (expansion 4) as in ResNet-50, else basic blocks.</param>
    public ResNet(int[] blocks, bool bottleneck, ModelSpec spec) : base(nameof(ResNet))
    {
        if (blocks.Length != 4 || blocks.Any(b => b < 1)) throw new ArgumentException($"ResNet needs 4 stages of at least one block, got [{string.Join(", ", blocks)}].", nameof(blocks));
        var input = spec.InputShape;
        var stem = spec.Scale(64);
        conv1 = input.IsSmall ? nn.Conv2d(input.Channels, stem, 3, 1, 1, bias: false) : nn.Conv2d(input.Channels, stem, 7, 2, 3, bias: false);
        bn1 = nn.BatchNorm2d(stem);
        relu = nn.ReLU(inplace: true);
        maxpool = input.IsSmall ? nn.Identity() : nn.MaxPool2d(3, 2, 1);
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
        layer1 = Stage(spec.Scale(64), blocks[0], 1);
        layer2 = Stage(spec.Scale(128), blocks[1], 2);
        layer3 = Stage(spec.Scale(256), blocks[2], 2);
        layer4 = Stage(spec.Scale(512), blocks[3], 2);
        avgpool = nn.AdaptiveAvgPool2d(1);
        fc = nn.Linear(inPlanes, spec.NumClasses);
        RegisterComponents();
        InitializeLikeTorchvision(this);
    }

    public override Tensor forward(Tensor input)
    {
        var x = maxpool.call(relu.call(bn1.call(conv1.call(input))));
        x = layer4.call(layer3.call(layer2.call(layer1.call(x))));
        return fc.call(avgpool.call(x).flatten(1));
    }

    /// <summary>Kaiming-normal (fan-out, ReLU) convolutions, unit/zero batch norms, as torchvision does.</summary>
    internal static void InitializeLikeTorchvision(Module model)
    {
        foreach (var (_, m) in ModuleTree.DepthFirst(model))
        {
            if (m is Conv2d conv) nn.init.kaiming_normal_(conv.weight!, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
            else if (m is BatchNorm2d bn) { nn.init.ones_(bn.weight!); nn.init.zeros_(bn.bias!); }
        }
    }

    /// <summary>Two 3x3 convolutions with an identity (or 1x1 projection) shortcut.</summary>
    public sealed class BasicBlock : Module<Tensor, Tensor>
    {
        private readonly Conv2d conv1, conv2;
        private readonly BatchNorm2d bn1, bn2;
        private readonly ReLU relu;
        private readonly Sequential? downsample;

        public BasicBlock(int inPlanes, int planes, int stride) : base(nameof(BasicBlock))
        {
            conv1 = nn.Conv2d(inPlanes, planes, 3, stride, 1, bias: false);
            bn1 = nn.BatchNorm2d(planes);
            relu = nn.ReLU(inplace: true);
            conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias: false);
            bn2 = nn.BatchNorm2d(planes);
            if (stride != 1 || inPlanes != planes)
                downsample = nn.Sequential(nn.Conv2d(inPlanes, planes, 1, stride, bias: false), nn.BatchNorm2d(planes));
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            var x = relu.call(bn1.call(conv1.call(input)));
            x = bn2.call(conv2.call(x));
            var identity = downsample is null ? input : downsample.call(input);
            return relu.call(x.add_(identity));
        }
    }

    /// <summary>1x1 reduce, 3x3 (strided), 1x1 expand by 4, with a projection shortcut where shapes change.</summary>
    public sealed class Bottleneck : Module<Tensor, Tensor>
    {
        private readonly Conv2d conv1, conv2, conv3;
        private readonly BatchNorm2d bn1, bn2, bn3;
        private readonly ReLU relu;
        private readonly Sequential? downsample;

        public Bottleneck(int inPlanes, int planes, int stride) : base(nameof(Bottleneck))
        {
            conv1 = nn.Conv2d(inPlanes, planes, 1, bias: false);
            bn1 = nn.BatchNorm2d(planes);
            conv2 = nn.Conv2d(planes, planes, 3, stride, 1, bias: false);
            bn2 = nn.BatchNorm2d(planes);
            conv3 = nn.Conv2d(planes, planes * 4, 1, bias: false);
            bn3 = nn.BatchNorm2d(planes * 4);
            relu = nn.ReLU(inplace: true);
            if (stride != 1 || inPlanes != planes * 4)
                downsample = nn.Sequential(nn.Conv2d(inPlanes, planes * 4, 1, stride, bias: false), nn.BatchNorm2d(planes * 4));
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            var x = relu.call(bn1.call(conv1.call(input)));
            x = relu.call(bn2.call(conv2.call(x)));
            x = bn3.call(conv3.call(x));
            var identity = downsample is null ? input : downsample.call(input);
            return relu.call(x.add_(identity));
        }
    }
}
