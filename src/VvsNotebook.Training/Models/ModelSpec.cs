namespace VvsNotebook.Training.Models;

/// <summary>
/// What to build: an architecture family, its width multiplier and depth, the input and the number of classes.
/// <see cref="ModelZoo.Create"/> turns it into a module; <see cref="Id"/> names it in results tables.
/// </summary>
public sealed record ModelSpec(string Arch, double Width = 1.0, int? Depth = null, InputShape? Input = null, int NumClasses = 1000)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public InputShape InputShape => Input ?? InputShape.ImageNet;

    /// <summary>e.g. <c>resnet18_w0.25</c>, <c>vit_d6_w0.5</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Id => Arch + (Depth is { } d ? $"_d{d}" : "") + (Width != 1.0 ? $"_w{Width:0.####}" : "");

    /// <summary>Channels after scaling by <see cref="Width"/>, at least 1.</summary>
    public int Scale(int channels) => Math.Max(1, (int)Math.Round(channels * Width));
}
