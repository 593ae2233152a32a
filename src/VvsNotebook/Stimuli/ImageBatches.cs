using VvsNotebook.Activations;

namespace VvsNotebook.Stimuli;

/// <summary>Operations on image batches: concatenation and bilinear resizing.</summary>
public static class ImageBatches
{
    public static ImageBatch Concat(ImageBatch a, ImageBatch b)
    {
        if ((a.Channels, a.Height, a.Width) != (b.Channels, b.Height, b.Width))
            throw new ArgumentException($"Cannot concatenate {a.Channels}x{a.Height}x{a.Width} and {b.Channels}x{b.Height}x{b.Width} images.");
        return new ImageBatch([.. a.Pixels, .. b.Pixels], a.Count + b.Count, a.Channels, a.Height, a.Width);
    }

    /// <summary>Images <paramref name="indices"/> of a batch, in that order.</summary>
    public static ImageBatch Select(ImageBatch batch, IReadOnlyList<int> indices)
    {
        var size = batch.ImageSize;
        var pixels = new float[indices.Count * size];
        for (var k = 0; k < indices.Count; k++) Array.Copy(batch.Pixels, indices[k] * size, pixels, k * size, size);
        return new ImageBatch(pixels, indices.Count, batch.Channels, batch.Height, batch.Width);
    }

    /// <summary>Bilinear resize with half-pixel centres (OpenCV's INTER_LINEAR convention).</summary>
    public static ImageBatch Resize(ImageBatch batch, int height, int width)
    {
        if (height == batch.Height && width == batch.Width) return batch;
        var res = new float[batch.Count * batch.Channels * height * width];
        double sy = (double)batch.Height / height, sx = (double)batch.Width / width;
        for (var n = 0; n < batch.Count * batch.Channels; n++)
            for (var y = 0; y < height; y++)
            {
                var fy = Math.Clamp((y + 0.5) * sy - 0.5, 0, batch.Height - 1);
                int y0 = (int)fy, y1 = Math.Min(y0 + 1, batch.Height - 1); var wy = fy - y0;
                for (var x = 0; x < width; x++)
                {
                    var fx = Math.Clamp((x + 0.5) * sx - 0.5, 0, batch.Width - 1);
                    int x0 = (int)fx, x1 = Math.Min(x0 + 1, batch.Width - 1); var wx = fx - x0;
                    var b = n * batch.Height * batch.Width;
                    float P(int yy, int xx) => batch.Pixels[b + yy * batch.Width + xx];
                    res[(n * height + y) * width + x] = (float)((1 - wy) * ((1 - wx) * P(y0, x0) + wx * P(y0, x1)) + wy * ((1 - wx) * P(y1, x0) + wx * P(y1, x1)));
                }
            }
        return new ImageBatch(res, batch.Count, batch.Channels, height, width);
    }

    /// <summary>
    /// Brain-Score's <c>place_on_screen</c>: images spanning <paramref name="sourceDegrees"/> shown to a model that sees
    /// <paramref name="targetDegrees"/>: pasted centred on a grey (0.5) canvas when smaller, centre-cropped when larger.
    /// </summary>
    public static ImageBatch PlaceOnScreen(ImageBatch batch, double sourceDegrees, double targetDegrees)
    {
        if (sourceDegrees == targetDegrees) return batch;
        var ratio = targetDegrees / sourceDegrees;
        int h = (int)Math.Round(ratio * batch.Height), w = (int)Math.Round(ratio * batch.Width);
        var res = new float[batch.Count * batch.Channels * h * w];
        if (ratio >= 1) Array.Fill(res, 128f / 255f);
        int oy = (int)Math.Round((h - batch.Height) / 2.0), ox = (int)Math.Round((w - batch.Width) / 2.0);
        for (var n = 0; n < batch.Count * batch.Channels; n++)
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                {
                    int sy = y - oy, sx = x - ox;
                    if (sy < 0 || sx < 0 || sy >= batch.Height || sx >= batch.Width) continue;
                    res[(n * h + y) * w + x] = batch.Pixels[(n * batch.Height + sy) * batch.Width + sx];
                }
        return new ImageBatch(res, batch.Count, batch.Channels, h, w);
    }
}
