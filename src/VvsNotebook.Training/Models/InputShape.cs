namespace VvsNotebook.Training.Models;

/// <summary>Image input a model is built for: channels and a square side (224 RGB, 32 RGB, 28 grey...).</summary>
public sealed record InputShape(int Channels, int Size)
{
    public static InputShape ImageNet { get; } = new(3, 224);
    public static InputShape FashionMnist { get; } = new(1, 28);
    public static InputShape Cifar { get; } = new(3, 32);

    /// <summary>Small inputs get a stride-1 3x3 stem without early pooling, so 28x28 images are not downsampled to nothing.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsSmall => Size <= 64;

    public long[] BatchShape(long batch) => [batch, Channels, Size, Size];
}
