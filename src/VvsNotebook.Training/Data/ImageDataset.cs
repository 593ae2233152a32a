namespace VvsNotebook.Training.Data;

/// <summary>
/// Labelled images held once in memory as bytes (NCHW, 0..255), with their class names. Subsets share the
/// pixel array and only carry indices.
/// </summary>
public sealed class ImageDataset
{
    public ImageDataset(string name, byte[] pixels, int[] labels, int channels, int height, int width, IReadOnlyList<string> classes)
    {
        if ((long)labels.Length * channels * height * width != pixels.LongLength)
            throw new ArgumentException($"{name}: {pixels.Length} pixel bytes do not hold {labels.Length} images of {channels}x{height}x{width}.");
        if (labels.Any(l => l < 0 || l >= classes.Count))
            throw new ArgumentException($"{name}: labels must be in 0..{classes.Count - 1}.");
        Name = name; Pixels = pixels; Labels = labels; Channels = channels; Height = height; Width = width; Classes = classes;
    }

    public string Name { get; }
    public byte[] Pixels { get; }
    public int[] Labels { get; }
    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }
    public IReadOnlyList<string> Classes { get; }
    public int Count => Labels.Length;
    public int ImageSize => Channels * Height * Width;

    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(index * ImageSize, ImageSize);
}
