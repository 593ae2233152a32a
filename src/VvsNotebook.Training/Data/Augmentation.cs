namespace VvsNotebook.Training.Data;

/// <summary>
/// The paper's ImageNet augmentations scaled to small images: random resized crop (area scale and aspect ratio
/// ranges as torchvision's RandomResizedCrop) and horizontal flip, then normalisation. Pure functions of the
/// random source, so batches are reproducible whatever thread prepares them.
/// </summary>
public sealed record Augmentation(double MinScale = 0.35, double MaxScale = 1.0, double MinRatio = 3.0 / 4, double MaxRatio = 4.0 / 3, bool HorizontalFlip = true)
{
    public static Augmentation None { get; } = new(1, 1, 1, 1, false);

    /// <summary>Writes one augmented, normalised image (channels x size x size) into <paramref name="destination"/>.</summary>
    public void Apply(ReadOnlySpan<byte> image, int channels, int height, int width, Span<float> destination, int size, float mean, float std, Random rng)
    {
        var (top, left, cropH, cropW) = this == None ? (0.0, 0.0, (double)height, (double)width) : SampleCrop(height, width, rng);
        var flip = HorizontalFlip && rng.NextDouble() < 0.5;
        Resize(image, channels, height, width, top, left, cropH, cropW, flip, destination, size, mean, std);
    }

    private (double Top, double Left, double Height, double Width) SampleCrop(int height, int width, Random rng)
    {
        var area = (double)height * width;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var target = area * (MinScale + (MaxScale - MinScale) * rng.NextDouble());
            var logRatio = Math.Log(MinRatio) + (Math.Log(MaxRatio) - Math.Log(MinRatio)) * rng.NextDouble();
            var ratio = Math.Exp(logRatio);
            var w = Math.Round(Math.Sqrt(target * ratio));
            var h = Math.Round(Math.Sqrt(target / ratio));
            if (w >= 1 && h >= 1 && w <= width && h <= height)
                return (rng.Next(0, height - (int)h + 1), rng.Next(0, width - (int)w + 1), h, w);
        }
        return (0, 0, height, width);
    }

    /// <summary>
    /// Bilinear resampling of the crop [top, top+cropH) x [left, left+cropW) to size x size (pixel centres aligned,
    /// as torchvision with antialias off), optional mirror, then (x/255 - mean) / std.
    /// </summary>
    public static void Resize(ReadOnlySpan<byte> image, int channels, int height, int width, double top, double left, double cropH, double cropW,
        bool flip, Span<float> destination, int size, float mean, float std)
    {
        var scaleY = cropH / size;
        var scaleX = cropW / size;
        for (var c = 0; c < channels; c++)
        {
            var plane = image.Slice(c * height * width, height * width);
            for (var y = 0; y < size; y++)
            {
                var sy = Math.Clamp(top + (y + 0.5) * scaleY - 0.5, 0, height - 1);
                var y0 = (int)sy; var y1 = Math.Min(y0 + 1, height - 1); var fy = sy - y0;
                for (var x = 0; x < size; x++)
                {
                    var xx = flip ? size - 1 - x : x;
                    var sx = Math.Clamp(left + (xx + 0.5) * scaleX - 0.5, 0, width - 1);
                    var x0 = (int)sx; var x1 = Math.Min(x0 + 1, width - 1); var fx = sx - x0;
                    var v = (1 - fy) * ((1 - fx) * plane[y0 * width + x0] + fx * plane[y0 * width + x1])
                          + fy * ((1 - fx) * plane[y1 * width + x0] + fx * plane[y1 * width + x1]);
                    destination[(c * size + y) * size + x] = ((float)(v / 255.0) - mean) / std;
                }
            }
        }
    }
}
