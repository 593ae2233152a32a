using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VvsNotebook.Training.Models;

/// <summary>
/// torchvision's AlexNet (features / avgpool / classifier, same state names), with a width multiplier on
/// channels and hidden units, and a 3x3 stride-1 first convolution for small inputs.
/// </summary>
public sealed class AlexNet : Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Sequential classifier;

    public AlexNet(ModelSpec spec, double dropout = 0.5) : base(nameof(AlexNet))
    {
        var input = spec.InputShape;
        int c1 = spec.Scale(64), c2 = spec.Scale(192), c3 = spec.Scale(384), c4 = spec.Scale(256), hidden = spec.Scale(4096);
        features = nn.Sequential(
            input.IsSmall ? nn.Conv2d(input.Channels, c1, 3, 1, 1) : nn.Conv2d(input.Channels, c1, 11, 4, 2),
            nn.ReLU(inplace: true),
            nn.MaxPool2d(3, 2),
            nn.Conv2d(c1, c2, 5, padding: 2),
            nn.ReLU(inplace: true),
            nn.MaxPool2d(3, 2),
            nn.Conv2d(c2, c3, 3, padding: 1),
            nn.ReLU(inplace: true),
            nn.Conv2d(c3, c4, 3, padding: 1),
            nn.ReLU(inplace: true),
            nn.Conv2d(c4, c4, 3, padding: 1),
            nn.ReLU(inplace: true),
            nn.MaxPool2d(3, 2));
        avgpool = nn.AdaptiveAvgPool2d(6);
        classifier = nn.Sequential(
            nn.Dropout(dropout),
            nn.Linear(c4 * 36, hidden),
            nn.ReLU(inplace: true),
            nn.Dropout(dropout),
            nn.Linear(hidden, hidden),
            nn.ReLU(inplace: true),
            nn.Linear(hidden, spec.NumClasses));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => classifier.call(avgpool.call(features.call(input)).flatten(1));
}
