using System.Threading.Channels;

namespace VvsNotebook.Training.Data;

/// <summary>One mini-batch ready for the model: normalised NCHW floats and int64 labels.</summary>
public sealed record Batch(float[] Images, long[] Labels, int Count, int Channels, int Size);

/// <summary>
/// Shuffles, augments and batches a subset of a dataset on a background task, a few batches ahead of the
/// training thread. Order and augmentation depend only on (seed, epoch, batch), so a resumed epoch sees the
/// same batches as an uninterrupted one.
/// </summary>
public sealed class BatchLoader(ImageDataset dataset, int[] indices, int batchSize, Augmentation augmentation, (float Mean, float Std) normalization, int seed, int? outputSize = null, bool shuffle = true, bool dropLast = false)
{
    private const int Prefetch = 3;

    public int Size => outputSize ?? dataset.Height;

    public int BatchesPerEpoch => dropLast ? indices.Length / batchSize : (indices.Length + batchSize - 1) / batchSize;

    /// <summary>The batches of <paramref name="epoch"/>, produced off the calling thread.</summary>
    public async IAsyncEnumerable<Batch> EpochAsync(int epoch, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<Batch>(new BoundedChannelOptions(Prefetch) { SingleReader = true, SingleWriter = true });
        var order = Order(epoch);
        // Cancelled when the consumer stops early too, so the producer never waits forever on a full channel.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(async () =>
        {
            try
            {
                for (var b = 0; b < BatchesPerEpoch; b++) await channel.Writer.WriteAsync(MakeBatch(order, epoch, b), stop.Token);
                channel.Writer.Complete();
            }
            catch (Exception e) { channel.Writer.TryComplete(e); }
        }, stop.Token);
        try
        {
            await foreach (var batch in channel.Reader.ReadAllAsync(cancellationToken)) yield return batch;
        }
        finally
        {
            stop.Cancel();
            try { await producer; } catch (OperationCanceledException) { }
        }
    }

    /// <summary>Synchronous enumeration of one epoch (evaluation, tests).</summary>
    public IEnumerable<Batch> Epoch(int epoch)
    {
        var order = Order(epoch);
        for (var b = 0; b < BatchesPerEpoch; b++) yield return MakeBatch(order, epoch, b);
    }

    private int[] Order(int epoch)
    {
        var order = (int[])indices.Clone();
        if (!shuffle) return order;
        var rng = new Random(Seeds.Derive(seed, epoch, -1));
        rng.Shuffle(order);
        return order;
    }

    private Batch MakeBatch(int[] order, int epoch, int batch)
    {
        var start = batch * batchSize;
        var count = Math.Min(batchSize, order.Length - start);
        var size = Size;
        var imageSize = dataset.Channels * size * size;
        var images = new float[count * imageSize];
        var labels = new long[count];
        var rng = new Random(Seeds.Derive(seed, epoch, batch));
        for (var i = 0; i < count; i++)
        {
            var index = order[start + i];
            labels[i] = dataset.Labels[index];
            augmentation.Apply(dataset.Image(index), dataset.Channels, dataset.Height, dataset.Width, images.AsSpan(i * imageSize, imageSize), size, normalization.Mean, normalization.Std, rng);
        }
        return new Batch(images, labels, count, dataset.Channels, size);
    }
}
