using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using F = TorchSharp.torch.nn.functional;

namespace VvsNotebook.Training.Models;

/// <summary>
/// The learning-rule study's CNN (arXiv 2604.16875, Fig. 1): four 3x3 conv blocks <c>conv1..conv4</c> (ReLU, 2x2
/// max-pool after the first three, global average pool after the fourth) and a linear <c>classifier</c>. No batch
/// norm, so feedback alignment, predictive coding and Hebbian rules see the same plain layers as backpropagation.
/// Channels are 32/64/128/256 times the width, rounded to a multiple of 16 (at least 16): oneDNN's convolution input
/// gradients are only right for such counts on this project's CPUs (<see cref="OneDnnGradientGuard"/>), and the rules
/// compute their own backward passes outside the guard.
/// </summary>
public sealed class RuleCnn : Module<Tensor, Tensor>
{
    /// <summary>Block name → brain region it is compared with; block names are <see cref="Activations.TorchActivationSource"/> layer names.</summary>
    public static IReadOnlyDictionary<string, string> RoiMap { get; } = new Dictionary<string, string>
    {
        ["conv1"] = "V1", ["conv2"] = "V2", ["conv3"] = "LOC", ["conv4"] = "IT",
    };

    /// <summary>The trainable layers in forward order: the four blocks' convolutions, then the classifier.</summary>
    public static IReadOnlyList<string> LayerNames { get; } = ["conv1", "conv2", "conv3", "conv4", "classifier"];

    private readonly ConvBlock conv1, conv2, conv3, conv4;
    private readonly Linear classifier;

    public RuleCnn(ModelSpec spec) : base(nameof(RuleCnn))
    {
        var input = spec.InputShape;
        if (input.Size < 8) throw new ArgumentException($"rule_cnn pools three times; inputs must be at least 8x8, got {input.Size}x{input.Size}.", nameof(spec));
        int[] widths = [Channels(32, spec.Width), Channels(64, spec.Width), Channels(128, spec.Width), Channels(256, spec.Width)];
        conv1 = new ConvBlock(input.Channels, widths[0], pool: true);
        conv2 = new ConvBlock(widths[0], widths[1], pool: true);
        conv3 = new ConvBlock(widths[1], widths[2], pool: true);
        conv4 = new ConvBlock(widths[2], widths[3], pool: false);
        classifier = nn.Linear(widths[3], spec.NumClasses);
        RegisterComponents();
        ResNet.InitializeLikeTorchvision(this);
        using (torch.no_grad())
            foreach (var block in Blocks) nn.init.zeros_(block.Conv.bias!);
    }

    /// <summary>Output channels of conv1..conv4.</summary>
    public IReadOnlyList<long> Widths => Blocks.Select(b => b.Conv.out_channels).ToList();

    public IReadOnlyList<ConvBlock> Blocks => [conv1, conv2, conv3, conv4];

    public Linear Classifier => classifier;

    /// <summary>Channels for a base count at a width multiplier: a multiple of 16, at least 16.</summary>
    public static int Channels(int baseChannels, double width) => Math.Max(16, (int)Math.Round(baseChannels * width / 16) * 16);

    /// <summary>Seeds torch's default generator and builds the model through <see cref="ModelZoo"/> (so it is guarded).</summary>
    public static RuleCnn Create(InputShape input, int numClasses, double width = 1.0, int seed = 0)
    {
        Runtime.TorchRuntime.EnsureLoaded();
        torch.manual_seed(seed);
        return (RuleCnn)ModelZoo.Create(new ModelSpec("rule_cnn", width, Input: input, NumClasses: numClasses));
    }

    public override Tensor forward(Tensor input)
    {
        var x = input;
        for (var l = 0; l < LayerNames.Count; l++) x = Layer(l, x);
        return x;
    }

    /// <summary>
    /// Layer <paramref name="index"/> (0..4, see <see cref="LayerNames"/>) on its input: a conv block, or the global
    /// average pool and classifier. <paramref name="affine"/> replaces the convolution or matrix product (input,
    /// weight, bias → pre-activation), which is how the learning rules swap in their own backward passes; without it
    /// the modules are called, so forward hooks fire.
    /// </summary>
    public Tensor Layer(int index, Tensor input, Func<Tensor, Tensor, Tensor, Tensor>? affine = null)
    {
        if (index == 4)
        {
            var pooled = F.adaptive_avg_pool2d(input, 1).flatten(1);
            return affine is null ? classifier.call(pooled) : affine(pooled, classifier.weight!, classifier.bias!);
        }
        var block = Blocks[index];
        return affine is null ? block.call(input) : block.Activate(affine(input, block.Conv.weight!, block.Conv.bias!));
    }

    /// <summary>3x3 convolution (padding 1), ReLU and optionally a 2x2 max-pool.</summary>
    public sealed class ConvBlock : Module<Tensor, Tensor>
    {
        private readonly Conv2d conv;
        private readonly bool pool;

        public ConvBlock(long inChannels, long outChannels, bool pool) : base(nameof(ConvBlock))
        {
            conv = nn.Conv2d(inChannels, outChannels, 3, padding: 1);
            this.pool = pool;
            RegisterComponents();
        }

        public Conv2d Conv => conv;

        public bool Pools => pool;

        public override Tensor forward(Tensor input) => Activate(conv.call(input));

        /// <summary>ReLU (and pool) of a pre-activation: the block after its convolution.</summary>
        public Tensor Activate(Tensor preActivation)
        {
            var y = F.relu(preActivation);
            return pool ? F.max_pool2d(y, 2) : y;
        }
    }
}
