using TorchSharp;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.LearningRules;
using VvsNotebook.Training.Models;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace VvsNotebook.Training.Tests.LearningRules;

/// <summary>Tiny Fashion-MNIST problems and weight/gradient helpers shared by the learning-rule tests.</summary>
internal static class RuleTestKit
{
    public const double Width = 0.25; // 16, 16, 32, 64 channels

    /// <summary><paramref name="perClass"/> training images of every class, copied into their own dataset.</summary>
    public static ImageDataset Train(int perClass, Func<int, int>? relabel = null) => Copy(FashionMnist.Load(train: true), perClass, relabel);

    /// <summary>The first 500 test images.</summary>
    public static ImageDataset Validation() => FashionMnist.Load(train: false);

    public static RuleTrainingOptions Options(int epochs = 3) => new()
    {
        Epochs = epochs, BatchSize = 25, Seed = 0, Threads = 2, ValidationImages = 500, StdpReadoutEpochs = 3,
    };

    public static RuleCnn Model(int seed = 0) => RuleCnn.Create(InputShape.FashionMnist, 10, Width, seed);

    public static ImageDataset Copy(ImageDataset source, int perClass, Func<int, int>? relabel = null)
    {
        var indices = ClassBalancedSubset.Select(source.Labels, source.Classes.Count, perClass, seed: 1);
        var pixels = new byte[indices.Length * source.ImageSize];
        for (var i = 0; i < indices.Length; i++) source.Image(indices[i]).CopyTo(pixels.AsSpan(i * source.ImageSize));
        var labels = indices.Select(i => relabel is null ? source.Labels[i] : relabel(source.Labels[i])).ToArray();
        return new ImageDataset(source.Name + $"/{perClass}", pixels, labels, source.Channels, source.Height, source.Width, source.Classes);
    }

    /// <summary>Every parameter's values by name (bit-exact comparisons).</summary>
    public static Dictionary<string, float[]> Weights(nn.Module model) =>
        model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().cpu().data<float>().ToArray());

    /// <summary>One normalised batch of the first <paramref name="count"/> images of <paramref name="data"/>.</summary>
    public static (Tensor Images, Tensor Labels) Batch(ImageDataset data, int count)
    {
        var loader = new BatchLoader(data, Enumerable.Range(0, count).ToArray(), count, Augmentation.None, FashionMnist.Normalization, 0, shuffle: false);
        var batch = loader.Epoch(0).First();
        return (torch.tensor(batch.Images, [batch.Count, batch.Channels, batch.Size, batch.Size]), torch.tensor(batch.Labels));
    }

    /// <summary>Weight gradients (conv1..conv4, classifier) after <paramref name="backward"/>, cloned.</summary>
    public static Tensor[] Gradients(RuleCnn model, Action backward)
    {
        model.zero_grad();
        backward();
        return [.. model.Blocks.Select(b => b.Conv.weight!.grad!.clone()), model.Classifier.weight!.grad!.clone()];
    }

    public static Tensor[] BackpropGradients(RuleCnn model, Tensor images, Tensor labels) =>
        Gradients(model, () => F.cross_entropy(model.call(images), labels).backward());

    public static double Cosine(Tensor a, Tensor b) => F.cosine_similarity(a.flatten(), b.flatten(), 0).item<float>();
}
