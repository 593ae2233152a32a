using TorchSharp;
using VvsNotebook.Training.Runtime;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VvsNotebook.Training.Models;

/// <summary>
/// Registry of architectures by name: resnet10/18/34/50/101/152 (or "resnet" with a depth), alexnet,
/// vit_tiny / vit_small (or "vit" with width and depth, or an explicit hidden dimension and heads), cornet_s, small_cnn, rule_cnn (the learning-rule study). Every one takes a width multiplier
/// (1/64 to 16, <see cref="ModelSpec.MinWidth"/>; 1/16 to 4 is the tested range) and any <see cref="InputShape"/>.
/// </summary>
public static class ModelZoo
{
    private static readonly Dictionary<int, (int[] Blocks, bool Bottleneck)> ResNetDepths = new()
    {
        [10] = ([1, 1, 1, 1], false),
        [18] = ([2, 2, 2, 2], false),
        [34] = ([3, 4, 6, 3], false),
        [50] = ([3, 4, 6, 3], true),
        [101] = ([3, 4, 23, 3], true),
        [152] = ([3, 8, 36, 3], true),
    };

    public static IReadOnlyList<string> Architectures { get; } =
        ["resnet10", "resnet18", "resnet34", "resnet50", "resnet101", "resnet152", "resnet", "alexnet", "vit_tiny", "vit_small", "vit", "cornet_s", "small_cnn", "rule_cnn"];

    /// <summary>
    /// The <c>arch_family</c> the paper's results table gives an architecture (<c>ResNet</c>, <c>AlexNet</c>, <c>ViT</c>,
    /// <c>CORnet-S</c>), so rows from <c>vvs benchmark</c> sit with the released ones under the same filters; the two
    /// architectures the paper has not keep a name in the same style.
    /// </summary>
    public static string Family(string arch) => arch.ToLowerInvariant() switch
    {
        var a when a.StartsWith("resnet", StringComparison.Ordinal) => "ResNet",
        var a when a.StartsWith("vit", StringComparison.Ordinal) => "ViT",
        "alexnet" => "AlexNet",
        "cornet_s" => "CORnet-S",
        "small_cnn" => "SmallCNN",
        "rule_cnn" => "RuleCNN",
        _ => throw new ArgumentException($"Unknown architecture '{arch}'. Known: {string.Join(", ", Architectures)}.", nameof(arch)),
    };

    /// <summary>Builds the model with freshly initialised weights (draws from torch's default generator).</summary>
    public static Module<Tensor, Tensor> Create(ModelSpec spec) => OneDnnGradientGuard.Apply(Build(spec));

    private static Module<Tensor, Tensor> Build(ModelSpec spec)
    {
        TorchRuntime.EnsureLoaded();
        if (!(spec.Width >= ModelSpec.MinWidth) || spec.Width > ModelSpec.MaxWidth)
            throw new ArgumentOutOfRangeException(nameof(spec), spec.Width, "Width multiplier must be in [1/64, 16].");
        if (spec.NumClasses < 1) throw new ArgumentOutOfRangeException(nameof(spec), spec.NumClasses, "NumClasses must be positive.");
        var arch = spec.Arch.ToLowerInvariant();
        if ((spec.Dim is not null || spec.Heads is not null) && arch is not ("vit" or "vit_tiny" or "vit_small"))
            throw new ArgumentException($"A hidden dimension or number of heads applies to the ViT family (vit, vit_tiny, vit_small), not to {spec.Arch}; leave Dim and Heads unset.", nameof(spec));
        switch (arch)
        {
            case "alexnet": return new AlexNet(spec);
            case "cornet_s": return new CORnetS(spec);
            case "small_cnn": return new SmallCnn(spec);
            case "rule_cnn": return new RuleCnn(spec);
            case "vit_tiny": return Vit(spec, 192, 3);
            case "vit_small": return Vit(spec, 384, 6);
            case "vit": return Vit(spec, 192, 3);
        }
        if (arch.StartsWith("resnet"))
        {
            var suffix = arch["resnet".Length..];
            var depth = suffix.Length == 0 ? spec.Depth ?? 18 : int.TryParse(suffix, out var d) ? d : -1;
            if (suffix.Length > 0 && spec.Depth is { } explicitDepth && explicitDepth != depth)
                throw new ArgumentException($"Architecture {spec.Arch} conflicts with depth {explicitDepth}; use arch \"resnet\" with a depth.", nameof(spec));
            if (!ResNetDepths.TryGetValue(depth, out var config))
                throw new ArgumentException($"Unknown ResNet depth {depth}; choose one of {string.Join(", ", ResNetDepths.Keys)}.", nameof(spec));
            return new ResNet(config.Blocks, config.Bottleneck, spec);
        }
        throw new ArgumentException($"Unknown architecture '{spec.Arch}'. Known: {string.Join(", ", Architectures)}.", nameof(spec));
    }

    /// <summary>
    /// Width scales the number of heads (at least one) and the embedding, kept a multiple of the heads; depth defaults
    /// to 12. An explicit <see cref="ModelSpec.Heads"/> or <see cref="ModelSpec.Dim"/> replaces the derived value
    /// (a hidden dimension with a width multiplier other than 1 is refused: one of the two would be ignored).
    /// </summary>
    private static VisionTransformer Vit(ModelSpec spec, int baseDim, int baseHeads)
    {
        var (dim, heads) = VitShape(spec, baseDim, baseHeads);
        return new VisionTransformer(spec, dim, spec.Depth ?? 12, heads);
    }

    /// <summary>The hidden dimension and heads <see cref="Create"/> builds for a ViT-family spec (validated).</summary>
    public static (int Dim, int Heads) VitShape(ModelSpec spec)
    {
        var (baseDim, baseHeads) = spec.Arch.ToLowerInvariant() switch
        {
            "vit_small" => (384, 6),
            "vit" or "vit_tiny" => (192, 3),
            _ => throw new ArgumentException($"{spec.Arch} is not a ViT (vit, vit_tiny, vit_small).", nameof(spec)),
        };
        return VitShape(spec, baseDim, baseHeads);
    }

    private static (int Dim, int Heads) VitShape(ModelSpec spec, int baseDim, int baseHeads)
    {
        if (spec.Depth is < 1) throw new ArgumentException($"A ViT needs a depth of at least 1 block (got {spec.Depth}).", nameof(spec));
        if (spec.Dim is { } d && spec.Width != 1.0)
            throw new ArgumentException($"Give a ViT either a hidden dimension ({d}) or a width multiplier ({spec.Width}), not both.", nameof(spec));
        if (spec.Dim is < 1) throw new ArgumentException($"The ViT's hidden dimension must be at least 1 (got {spec.Dim}).", nameof(spec));
        if (spec.Heads is < 1) throw new ArgumentException($"The ViT's number of heads must be at least 1 (got {spec.Heads}).", nameof(spec));
        var heads = spec.Heads ?? Math.Max(1, (int)Math.Round(baseHeads * spec.Width));
        var dim = spec.Dim ?? (spec.Width == 1.0 && spec.Heads is null ? baseDim : Math.Max(heads, (int)Math.Round(baseDim * spec.Width / heads) * heads));
        if (dim % heads != 0)
            throw new ArgumentException($"The ViT's hidden dimension {dim} is not a multiple of its {heads} heads; choose heads that divide it (e.g. {string.Join(", ", Enumerable.Range(1, Math.Min(dim, 16)).Where(h => dim % h == 0))}).", nameof(spec));
        return (dim, heads);
    }
}
