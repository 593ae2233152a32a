using System.Diagnostics;
using TorchSharp;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using F = TorchSharp.torch.nn.functional;

namespace VvsNotebook.Training.Alignment;

/// <summary>
/// Trains a network with the composite loss L_total = alpha * (-alignment) + beta * cross-entropy (Adam). Every step
/// takes a shuffled task batch; the named layer's output on it (flattened, float64) is aligned with the reference's
/// features of those images, or, for a brain reference, the layer's output on a batch of the reference's training
/// stimuli is aligned with their responses. With alpha = 0 the alignment is still measured (without gradient) so
/// every run reports its training alignment.
/// </summary>
public static class AlignmentTrainer
{
    public static AlignmentRun Train(Module<Tensor, Tensor> model, ImageDataset train, ImageDataset validation, AlignmentTarget target,
        AlignmentTrainingOptions options, IProgress<AlignmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        if (train.Count < options.BatchSize) throw new ArgumentException($"{train.Name} has {train.Count} images, fewer than one batch of {options.BatchSize}; lower --batch-size.");
        if (target.IsBrain && target.StimulusTrain.Length < options.AlignmentBatchSize)
            throw new ArgumentException($"{target.Name} has {target.StimulusTrain.Length} training stimuli, fewer than --alignment-batch-size {options.AlignmentBatchSize}; lower it.");
        if (!target.IsBrain && target.TrainFeatures!.shape[0] != train.Count)
            throw new ArgumentException($"The target {target.Name} was prepared for {target.TrainFeatures.shape[0]} training images, not these {train.Count}.");
        var layer = Layer(model, options.Layer);
        var clock = Stopwatch.StartNew();
        torch.set_num_threads(options.Threads);
        var normalization = FashionMnist.Normalization;
        var validationLoader = new BatchLoader(validation, Enumerable.Range(0, validation.Count).ToArray(), 500, Augmentation.None, normalization, 0, shuffle: false);
        using var optimizer = torch.optim.Adam(model.parameters(), options.LearningRate);
        Tensor? captured = null;
        // A copy: an in-place ReLU after the layer (AlexNet's) would otherwise overwrite what the loss needs.
        var remove = layer.register_forward_hook((_, _, output) => { captured = output.clone(); return output; });
        var curve = new List<AlignmentEpoch>();
        var batches = train.Count / options.BatchSize; // full batches only: every alignment batch has the same rows
        try
        {
            model.train();
            for (var epoch = 0; epoch < options.Epochs; epoch++)
            {
                var rng = new Random(Seeds.Derive(options.Seed, epoch));
                var order = Enumerable.Range(0, train.Count).ToArray();
                rng.Shuffle(order);
                double taskSum = 0, alignSum = 0;
                long correct = 0, seen = 0;
                for (var b = 0; b < batches; b++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var rows = order.AsSpan(b * options.BatchSize, options.BatchSize).ToArray();
                    using var scope = torch.NewDisposeScope();
                    var (x, y) = Batch(train, rows, normalization);
                    captured = null;
                    var logits = model.call(x);
                    var task = F.cross_entropy(logits, y);
                    Tensor features, reference;
                    if (target.IsBrain)
                    {
                        var stimuli = tensor(target.StimulusTrain.OrderBy(_ => rng.Next()).Take(options.AlignmentBatchSize).Select(i => (long)i).ToArray());
                        captured = null;
                        using (options.Alpha == 0 ? torch.no_grad() : null) model.call(target.StimulusImages!.index_select(0, stimuli));
                        features = AlignmentFeatures.Of(Captured(captured, options.Layer), options.Grid, options.MaxFeatures);
                        reference = target.StimulusResponses!.index_select(0, stimuli);
                    }
                    else
                    {
                        features = AlignmentFeatures.Of(Captured(captured, options.Layer), options.Grid, options.MaxFeatures);
                        reference = target.TrainFeatures!.index_select(0, tensor(rows.Select(i => (long)i).ToArray()));
                    }
                    Tensor alignment;
                    if (options.Alpha == 0)
                        using (torch.no_grad()) alignment = options.Measure.Compute(features.detach().to(ScalarType.Float64), reference);
                    else alignment = options.Measure.Compute(features.to(ScalarType.Float64), reference);
                    var loss = CompositeLoss.Total(options.Alpha, alignment, options.Beta, task.to(ScalarType.Float64));
                    var (taskValue, alignValue) = (task.item<float>(), alignment.item<double>());
                    if (!double.IsFinite(loss.item<double>()))
                        throw new InvalidOperationException($"The loss became {loss.item<double>()} in epoch {epoch + 1}, batch {b + 1} (alpha {options.Alpha}); lower --lr or |alpha|.");
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                    taskSum += taskValue; alignSum += -alignValue;
                    correct += logits.argmax(1).eq(y).sum().item<long>(); seen += rows.Length;
                    progress?.Report(new AlignmentProgress(epoch + 1, options.Epochs, b + 1, batches, taskSum / (b + 1), alignSum / (b + 1)));
                }
                cancellationToken.ThrowIfCancellationRequested();
                var (_, valAcc) = Trainer.Evaluate(model, validationLoader, cancellationToken);
                model.train();
                curve.Add(new AlignmentEpoch(epoch + 1, taskSum / batches, alignSum / batches, (double)correct / seen, valAcc));
            }
        }
        finally
        {
            remove.remove();
        }
        model.eval();
        return new AlignmentRun(options.Alpha, options.Beta, options.Seed, curve, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The named layer (activation-source naming: dotted module paths, e.g. <c>conv1</c>, <c>features.0</c>).</summary>
    public static Module<Tensor, Tensor> Layer(Module<Tensor, Tensor> model, string name)
    {
        var named = ModuleTree.DepthFirst(model).Where(m => m.Name.Length > 0 && m.Module is Module<Tensor, Tensor>).ToList();
        return named.FirstOrDefault(m => m.Name == name).Module as Module<Tensor, Tensor>
            ?? throw new ArgumentException($"The model has no layer '{name}'. Layers: {string.Join(", ", named.Select(m => m.Name).Take(40))}.");
    }

    private static Tensor Captured(Tensor? output, string layer) =>
        (output ?? throw new InvalidOperationException($"Layer '{layer}' did not run in the forward pass; choose a layer the model calls."));

    private static (Tensor X, Tensor Y) Batch(ImageDataset data, int[] rows, (float Mean, float Std) normalization)
    {
        var pixels = new float[rows.Length * data.ImageSize];
        for (var i = 0; i < rows.Length; i++)
        {
            var image = data.Image(rows[i]);
            for (var p = 0; p < image.Length; p++) pixels[i * data.ImageSize + p] = (image[p] / 255f - normalization.Mean) / normalization.Std;
        }
        return (tensor(pixels, [rows.Length, data.Channels, data.Height, data.Width]), tensor(rows.Select(i => (long)data.Labels[i]).ToArray()));
    }
}
