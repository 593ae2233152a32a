namespace VvsNotebook.Activations;

/// <summary>
/// Images as one dense NCHW float32 block with values in [0, 1]; models normalise as they need.
/// This is the hand-off between stimulus sets (data) and models (activations).
/// </summary>
public sealed record ImageBatch
{
    public ImageBatch(float[] pixels, int count, int channels, int height, int width)
    {
        if (count < 0 || channels <= 0 || height <= 0 || width <= 0)
            throw new ArgumentException($"Invalid image batch shape [{count}, {channels}, {height}, {width}].");
        if (pixels.Length != (long)count * channels * height * width)
            throw new ArgumentException(
                $"Image batch holds {pixels.Length} values but shape [{count}, {channels}, {height}, {width}] needs {(long)count * channels * height * width}.");
        Pixels = pixels; Count = count; Channels = channels; Height = height; Width = width;
    }

    public float[] Pixels { get; }
    public int Count { get; }
    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }

    /// <summary>Values per image (channels x height x width).</summary>
    public int ImageSize => Channels * Height * Width;

    /// <summary>Images <paramref name="start"/> .. <paramref name="start"/> + <paramref name="length"/> - 1, copied.</summary>
    public ImageBatch Slice(int start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        if (length < 0 || start + length > Count)
            throw new ArgumentOutOfRangeException(nameof(length), $"Slice [{start}, {start + length}) is outside a batch of {Count} images.");
        return new ImageBatch(Pixels.AsSpan(start * ImageSize, length * ImageSize).ToArray(), length, Channels, Height, Width);
    }
}
