using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using VvsNotebook.Training.Profiling;
using F = TorchSharp.torch.nn.functional;

namespace VvsNotebook.Training.Models;

/// <summary>
/// CORnet-S (Kubilius et al. 2019): a V1 stem and recurrent V2, V4, IT blocks unrolled 2, 4 and 2 times, with
/// separate batch norms per time step, then a linear decoder. Layer names V1, V2, V4, IT, decoder as in the
/// original, so brain-region commitments carry over.
/// </summary>
public sealed class CORnetS : Module<Tensor, Tensor>
{
    private readonly Sequential V1;
    private readonly RecurrentBlock V2, V4, IT;
    private readonly Sequential decoder;

    public CORnetS(ModelSpec spec) : base(nameof(CORnetS))
    {
        var input = spec.InputShape;
        int c1 = spec.Scale(64), c2 = spec.Scale(128), c4 = spec.Scale(256), cIt = spec.Scale(512);
        V1 = nn.Sequential(
            ("conv1", input.IsSmall ? nn.Conv2d(input.Channels, c1, 3, 1, 1, bias: false) : nn.Conv2d(input.Channels, c1, 7, 2, 3, bias: false)),
            ("norm1", nn.BatchNorm2d(c1)),
            ("nonlin1", nn.ReLU(inplace: true)),
            ("pool", input.IsSmall ? nn.Identity() : nn.MaxPool2d(3, 2, 1)),
            ("conv2", nn.Conv2d(c1, c1, 3, 1, 1, bias: false)),
            ("norm2", nn.BatchNorm2d(c1)),
            ("nonlin2", nn.ReLU(inplace: true)));
        V2 = new RecurrentBlock(c1, c2, 2);
        V4 = new RecurrentBlock(c2, c4, 4);
        IT = new RecurrentBlock(c4, cIt, 2);
        decoder = nn.Sequential(("avgpool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("linear", nn.Linear(cIt, spec.NumClasses)));
        RegisterComponents();
        ResNet.InitializeLikeTorchvision(this);
    }

    public override Tensor forward(Tensor input) => decoder.call(IT.call(V4.call(V2.call(V1.call(input)))));

    /// <summary>One cortical area: a 1x1 input projection, then <c>times</c> bottleneck steps sharing weights.</summary>
    public sealed class RecurrentBlock : Module<Tensor, Tensor>
    {
        private const int Scale = 4;
        private readonly Conv2d conv_input, skip, conv1, conv2, conv3;
        private readonly BatchNorm2d norm_skip;
        private readonly Sequential norms;
        private readonly int times;

        public RecurrentBlock(int inChannels, int outChannels, int times) : base(nameof(RecurrentBlock))
        {
            this.times = times;
            conv_input = nn.Conv2d(inChannels, outChannels, 1, bias: false);
            skip = nn.Conv2d(outChannels, outChannels, 1, 2, bias: false);
            norm_skip = nn.BatchNorm2d(outChannels);
            conv1 = nn.Conv2d(outChannels, outChannels * Scale, 1, bias: false);
            conv2 = nn.Conv2d(outChannels * Scale, outChannels * Scale, 3, 2, 1, bias: false);
            conv3 = nn.Conv2d(outChannels * Scale, outChannels, 1, bias: false);
            var perStep = new List<(string, Module<Tensor, Tensor>)>();
            for (var t = 0; t < times; t++)
            {
                perStep.Add(($"norm1_{t}", nn.BatchNorm2d(outChannels * Scale)));
                perStep.Add(($"norm2_{t}", nn.BatchNorm2d(outChannels * Scale)));
                perStep.Add(($"norm3_{t}", nn.BatchNorm2d(outChannels)));
            }
            norms = nn.Sequential(perStep.ToArray());
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            var x = conv_input.call(input);
            for (var t = 0; t < times; t++)
            {
                // The first step downsamples (stride 2 on conv2 and the skip); later steps keep the resolution.
                var shortcut = t == 0 ? norm_skip.call(skip.call(x)) : x;
                x = F.relu(Norm(3 * t).call(conv1.call(x)), inplace: true);
                x = F.relu(Norm(3 * t + 1).call(MacCounter.Conv2d(x, conv2.weight!, t == 0 ? 2 : 1, 1)), inplace: true);
                x = Norm(3 * t + 2).call(conv3.call(x));
                x = F.relu(x.add_(shortcut), inplace: true);
            }
            return x;
        }

        private BatchNorm2d Norm(int index) => (BatchNorm2d)norms[index];
    }
}
