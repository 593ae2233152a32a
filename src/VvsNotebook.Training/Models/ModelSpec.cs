namespace VvsNotebook.Training.Models;

/// <summary>
/// What to build: an architecture family, its width multiplier and depth, the input and the number of classes; for
/// the ViT family also an explicit hidden dimension and number of heads. <see cref="ModelZoo.Create"/> turns it into
/// a module; <see cref="Id"/> names it in results tables.
/// </summary>
public sealed record ModelSpec(string Arch, double Width = 1.0, int? Depth = null, InputShape? Input = null, int NumClasses = 1000)
{
    /// <summary>The smallest width multiplier the zoo builds (1/64); the tests cover 1/16 to 4.</summary>
    public const double MinWidth = 1.0 / 64;

    /// <summary>The largest width multiplier the zoo builds (16).</summary>
    public const double MaxWidth = 16;

    /// <summary>
    /// ViT family only: the embedding (hidden) dimension, instead of one derived from <see cref="Width"/>. Null (the
    /// default, left out of JSON) keeps every existing spec, run config and checkpoint as it was.
    /// </summary>
    public int? Dim { get; init; }

    /// <summary>ViT family only: the number of attention heads (must divide the hidden dimension).</summary>
    public int? Heads { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public InputShape InputShape => Input ?? InputShape.ImageNet;

    /// <summary>e.g. <c>resnet18_w0.25</c>, <c>vit_d6_w0.5</c>, <c>vit_d2_dim64_h4</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Id => Arch + (Depth is { } d ? $"_d{d}" : "") + (Width != 1.0 ? $"_w{Width:0.####}" : "")
        + (Dim is { } dim ? $"_dim{dim}" : "") + (Heads is { } h ? $"_h{h}" : "");

    /// <summary>Channels after scaling by <see cref="Width"/>, at least 1.</summary>
    public int Scale(int channels) => Math.Max(1, (int)Math.Round(channels * Width));
}
