using VvsNotebook.Torch;
using VvsNotebook.Torch.Modules;
using static VvsNotebook.Torch.torch;
using F = VvsNotebook.Torch.torch.nn.functional;

namespace VvsNotebook.Training.Models;

/// <summary>
/// CORnet-S (Kubilius et al. 2019): a V1 stem and recurrent V2, V4, IT blocks unrolled 2, 4 and 2 times, with
/// separate batch norms per time step, then a linear decoder. Layer names V1, V2, V4, IT, decoder as in the
/// original, so brain-region commitments carry over.
/// </summary>
public sealed class CORnetS : Module<Tensor, Tensor>
{
    private readonly Sequential _V1;
    private readonly RecurrentBlock _V2, _V4, _IT;
    private readonly Sequential _decoder;

    public CORnetS(ModelSpec spec) : base(nameof(CORnetS))
    {
        var input = spec.InputShape;
        int c1 = spec.Scale(64), c2 = spec.Scale(128), c4 = spec.Scale(256), cIt = spec.Scale(512);
        _V1 = nn.Sequential(
            ("conv1", input.IsSmall ? nn.Conv2d(input.Channels, c1, 3, 1, 1, bias: false) : nn.Conv2d(input.Channels, c1, 7, 2, 3, bias: false)),
            ("norm1", nn.BatchNorm2d(c1)),
            ("nonlin1", nn.ReLU(inplace: true)),
            ("pool", input.IsSmall ? nn.Identity() : nn.MaxPool2d(3, 2, 1)),
            ("conv2", nn.Conv2d(c1, c1, 3, 1, 1, bias: false)),
            ("norm2", nn.BatchNorm2d(c1)),
            ("nonlin2", nn.ReLU(inplace: true)));
        _V2 = new RecurrentBlock(c1, c2, 2);
        _V4 = new RecurrentBlock(c2, c4, 4);
        _IT = new RecurrentBlock(c4, cIt, 2);
        _decoder = nn.Sequential(("avgpool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("linear", nn.Linear(cIt, spec.NumClasses)));
        RegisterComponents();
        ResNet.InitializeLikeTorchvision(this);
    }

    public override Tensor forward(Tensor input) => _decoder.call(_IT.call(_V4.call(_V2.call(_V1.call(input)))));

    /// <summary>One cortical area: a 1x1 input projection, then <c>times</c> bottleneck steps sharing weights.</summary>
    public sealed class RecurrentBlock : Module<Tensor, Tensor>
    {
        private const int Scale = 4;
        private readonly Conv2d _conv_input, _skip, _conv1, _conv2, _conv3;
        private readonly BatchNorm2d _norm_skip;
        private readonly Sequential _norms;
        private readonly int _times;

        public RecurrentBlock(int inChannels, int outChannels, int times) : base(nameof(RecurrentBlock))
        {
            _times = times;
            _conv_input = nn.Conv2d(inChannels, outChannels, 1, bias: false);
            _skip = nn.Conv2d(outChannels, outChannels, 1, 2, bias: false);
            _norm_skip = nn.BatchNorm2d(outChannels);
            _conv1 = nn.Conv2d(outChannels, outChannels * Scale, 1, bias: false);
            _conv2 = nn.Conv2d(outChannels * Scale, outChannels * Scale, 3, 2, 1, bias: false);
            _conv3 = nn.Conv2d(outChannels * Scale, outChannels, 1, bias: false);
            var norms = new List<(string, Module<Tensor, Tensor>)>();
            for (var t = 0; t < times; t++)
            {
                norms.Add(($"norm1_{t}", nn.BatchNorm2d(outChannels * Scale)));
                norms.Add(($"norm2_{t}", nn.BatchNorm2d(outChannels * Scale)));
                norms.Add(($"norm3_{t}", nn.BatchNorm2d(outChannels)));
            }
            _norms = nn.Sequential(norms.ToArray());
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            var x = _conv_input.call(input);
            for (var t = 0; t < _times; t++)
            {
                // The first step downsamples (stride 2 on conv2 and the skip); later steps keep the resolution.
                var skip = t == 0 ? _norm_skip.call(_skip.call(x)) : x;
                x = F.relu(_norms[3 * t].call(_conv1.call(x)), inplace: true);
                x = F.relu(_norms[3 * t + 1].call(F.conv2d(x, _conv2.weight, null, t == 0 ? 2 : 1, 1)), inplace: true);
                x = _norms[3 * t + 2].call(_conv3.call(x));
                x = F.relu(x.add_(skip), inplace: true);
            }
            return x;
        }
    }
}
