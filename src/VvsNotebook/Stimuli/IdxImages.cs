using System.Buffers.Binary;
using System.IO.Compression;
using VvsNotebook.Activations;

namespace VvsNotebook.Stimuli;

/// <summary>
/// Reads (gzipped) IDX image and label files, the format of MNIST and Fashion-MNIST (Debian's
/// <c>dataset-fashion-mnist</c> installs them under <c>/usr/share/datasets/fashion-mnist</c>).
/// </summary>
public static class IdxImages
{
    public const string DebianFashionMnist = "/usr/share/datasets/fashion-mnist";

    /// <summary>The Fashion-MNIST class names in label order.</summary>
    public static IReadOnlyList<string> FashionMnistClasses { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Images as a [count, 1, rows, cols] batch scaled to [0, 1].</summary>
    public static ImageBatch ReadImages(string path, int? limit = null)
    {
        var bytes = ReadAll(path);
        if (bytes.Length < 16 || BinaryPrimitives.ReadInt32BigEndian(bytes) != 0x803)
            throw new InvalidDataException($"{path} is not an IDX image file (magic 0x00000803).");
        var n = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4)); var rows = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8));
        var cols = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(12));
        var count = Math.Min(n, limit ?? n);
        if (bytes.Length < 16 + (long)n * rows * cols) throw new InvalidDataException($"{path} is truncated.");
        var pixels = new float[count * rows * cols];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = bytes[16 + i] / 255f;
        return new ImageBatch(pixels, count, 1, rows, cols);
    }

    public static int[] ReadLabels(string path, int? limit = null)
    {
        var bytes = ReadAll(path);
        if (bytes.Length < 8 || BinaryPrimitives.ReadInt32BigEndian(bytes) != 0x801)
            throw new InvalidDataException($"{path} is not an IDX label file (magic 0x00000801).");
        var n = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        if (bytes.Length < 8 + n) throw new InvalidDataException($"{path} is truncated.");
        return bytes.AsSpan(8, Math.Min(n, limit ?? n)).ToArray().Select(b => (int)b).ToArray();
    }

    private static byte[] ReadAll(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"IDX file not found: {path} (Fashion-MNIST comes with the Debian package dataset-fashion-mnist).", path);
        using var file = File.OpenRead(path);
        using Stream s = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }
}
