using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VvsNotebook.Training.Models;

/// <summary>Two conv-BN-ReLU-pool stages and a linear read-out: the quick baseline for tests and CPU demos.</summary>
public sealed class SmallCnn : Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly Linear classifier;

    public SmallCnn(ModelSpec spec) : base(nameof(SmallCnn))
    {
        var input = spec.InputShape;
        int c1 = spec.Scale(16), c2 = spec.Scale(32);
        features = nn.Sequential(
            nn.Conv2d(input.Channels, c1, 3, padding: 1, bias: false), nn.BatchNorm2d(c1), nn.ReLU(inplace: true), nn.MaxPool2d(2),
            nn.Conv2d(c1, c2, 3, padding: 1, bias: false), nn.BatchNorm2d(c2), nn.ReLU(inplace: true), nn.MaxPool2d(2));
        var side = input.Size / 4;
        classifier = nn.Linear(c2 * side * side, spec.NumClasses);
        RegisterComponents();
        ResNet.InitializeLikeTorchvision(this);
    }

    public override Tensor forward(Tensor input) => classifier.call(features.call(input).flatten(1));
}
