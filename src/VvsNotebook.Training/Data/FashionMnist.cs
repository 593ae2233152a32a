using System.Collections.Concurrent;
using VvsNotebook.Manifests;

namespace VvsNotebook.Training.Data;

/// <summary>Fashion-MNIST through the <c>fashion-mnist</c> data manifest (Debian's dataset-fashion-mnist).</summary>
public static class FashionMnist
{
    public const string ManifestId = "fashion-mnist";

    public static IReadOnlyList<string> Classes { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Per-pixel mean and standard deviation of the training images (values in [0, 1]).</summary>
    public static (float Mean, float Std) Normalization { get; } = (0.2860f, 0.3530f);

    private static readonly ConcurrentDictionary<string, Lazy<ImageDataset>> Loaded = new();

    /// <summary>The 60,000 training (<paramref name="train"/>) or 10,000 test images, loaded once per process.</summary>
    public static ImageDataset Load(bool train, DataResolver? resolver = null)
    {
        resolver ??= DataResolver.FromEnvironment();
        var prefix = train ? "train" : "t10k";
        var images = Stimuli.IdxImages.FashionMnistFile($"{prefix}-images-idx3-ubyte.gz", resolver);
        var labels = Stimuli.IdxImages.FashionMnistFile($"{prefix}-labels-idx1-ubyte.gz", resolver);
        return Loaded.GetOrAdd(images + "|" + labels, _ => new Lazy<ImageDataset>(() => Read(images, labels, train ? "fashion-mnist/train" : "fashion-mnist/test"))).Value;
    }

    private static ImageDataset Read(string imagesPath, string labelsPath, string name)
    {
        var (pixels, dims) = Stimuli.IdxFile.Read(imagesPath);
        var (labelBytes, labelDims) = Stimuli.IdxFile.Read(labelsPath);
        if (dims.Length != 3 || labelDims.Length != 1 || dims[0] != labelDims[0])
            throw new InvalidDataException($"{name}: images [{string.Join(", ", dims)}] and labels [{string.Join(", ", labelDims)}] do not pair up.");
        return new ImageDataset(name, pixels, labelBytes.Select(b => (int)b).ToArray(), 1, dims[1], dims[2], Classes);
    }
}
