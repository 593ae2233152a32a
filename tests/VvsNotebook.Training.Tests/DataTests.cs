using VvsNotebook.Training.Data;

namespace VvsNotebook.Training.Tests;

public sealed class DataTests
{
    [Fact]
    public void fashion_mnist_loads_through_its_manifest_with_6000_images_per_class()
    {
        var train = FashionMnist.Load(train: true);
        var test = FashionMnist.Load(train: false);
        Assert.Equal(60_000, train.Count);
        Assert.Equal(10_000, test.Count);
        Assert.Equal((1, 28, 28), (train.Channels, train.Height, train.Width));
        Assert.All(Enumerable.Range(0, 10), c => Assert.Equal(6000, train.Labels.Count(l => l == c)));
        // The first training image is an ankle boot (label 9) in every copy of Fashion-MNIST.
        Assert.Equal(9, train.Labels[0]);
        Assert.Same(train, FashionMnist.Load(train: true));
    }

    [Fact]
    public void class_balanced_subset_takes_d_per_class_reproducibly_by_seed()
    {
        var labels = Enumerable.Range(0, 1000).Select(i => i % 10).ToArray();
        var a = ClassBalancedSubset.Select(labels, 10, 3, seed: 1);
        Assert.Equal(30, a.Length);
        Assert.All(Enumerable.Range(0, 10), c => Assert.Equal(3, a.Count(i => labels[i] == c)));
        Assert.Equal(a, ClassBalancedSubset.Select(labels, 10, 3, seed: 1));
        Assert.NotEqual(a, ClassBalancedSubset.Select(labels, 10, 3, seed: 2));
        Assert.Equal(1000, ClassBalancedSubset.Select(labels, 10, null, 0).Length);
        Assert.Contains("only 100 images", Assert.Throws<ArgumentOutOfRangeException>(() => ClassBalancedSubset.Select(labels, 10, 101, 0)).Message);
    }

    [Fact]
    public void idx_reader_rejects_a_truncated_file_with_its_name()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [0, 0, 8, 1, 0, 0, 0, 5, 1, 2]);
            var e = Assert.Throws<InvalidDataException>(() => VvsNotebook.Stimuli.IdxFile.Read(path));
            Assert.Contains("truncated", e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void resize_without_crop_or_flip_only_normalises_and_flip_mirrors()
    {
        byte[] square = [0, 51, 102, 153, 204, 255, 10, 20, 30];
        var output = new float[9];
        Augmentation.Resize(square, 1, 3, 3, 0, 0, 3, 3, false, output, 3, 0.5f, 0.25f);
        Assert.Equal(square.Select(b => (b / 255f - 0.5f) / 0.25f), output, (x, y) => Math.Abs(x - y) < 1e-5);
        var flipped = new float[9];
        Augmentation.Resize(square, 1, 3, 3, 0, 0, 3, 3, true, flipped, 3, 0.5f, 0.25f);
        Assert.Equal(output[2], flipped[0], 5);
        Assert.Equal(output[0], flipped[2], 5);
    }

    [Fact]
    public void batches_depend_only_on_seed_epoch_and_batch_not_on_the_producer_thread()
    {
        var ds = FashionMnist.Load(train: false);
        var indices = Enumerable.Range(0, 200).ToArray();
        var loader = new BatchLoader(ds, indices, 64, new Augmentation(), FashionMnist.Normalization, seed: 3);
        var sync = loader.Epoch(1).ToList();
        var async = loader.EpochAsync(1).ToBlockingEnumerable().ToList();
        Assert.Equal(4, sync.Count);
        Assert.Equal(sync.SelectMany(b => b.Images), async.SelectMany(b => b.Images));
        Assert.Equal(sync.SelectMany(b => b.Labels), async.SelectMany(b => b.Labels));
        Assert.NotEqual(sync[0].Labels, loader.Epoch(2).First().Labels);
    }
}
