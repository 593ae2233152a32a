using VvsNotebook.Activations;
using VvsNotebook.Manifests;

namespace VvsNotebook.Stimuli;

/// <summary>
/// Fashion-MNIST's IDX images and labels as image batches, found through the <c>fashion-mnist</c> manifest.
/// </summary>
public static class IdxImages
{
    /// <summary>The Fashion-MNIST class names in label order.</summary>
    public static IReadOnlyList<string> FashionMnistClasses { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The Fashion-MNIST file <paramref name="name"/> (e.g. <c>t10k-images-idx3-ubyte.gz</c>) through the
    /// <c>fashion-mnist</c> manifest: <paramref name="resolver"/>'s data folder (<c>--data-dir</c>, <c>VVS_DATA</c>), then
    /// Debian's copy. Training and the offline suite resolve it the same way.</summary>
    public static string FashionMnistFile(string name, DataResolver? resolver = null) =>
        (resolver ?? DataResolver.FromEnvironment()).Resolve(ManifestCatalog.Embedded["fashion-mnist"], name);

    /// <summary>Images as a [count, 1, rows, cols] batch scaled to [0, 1].</summary>
    public static ImageBatch ReadImages(string path, int? limit = null)
    {
        var (bytes, dims) = IdxFile.Read(path);
        if (dims.Length != 3) throw new InvalidDataException($"{path} is not an IDX image file (3 dimensions, got {dims.Length}).");
        var (n, rows, cols) = (dims[0], dims[1], dims[2]);
        var count = Math.Min(n, limit ?? n);
        var pixels = new float[count * rows * cols];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = bytes[i] / 255f;
        return new ImageBatch(pixels, count, 1, rows, cols);
    }

    public static int[] ReadLabels(string path, int? limit = null)
    {
        var (bytes, dims) = IdxFile.Read(path);
        if (dims.Length != 1) throw new InvalidDataException($"{path} is not an IDX label file (1 dimension, got {dims.Length}).");
        return bytes.AsSpan(0, Math.Min(dims[0], limit ?? dims[0])).ToArray().Select(b => (int)b).ToArray();
    }
}
