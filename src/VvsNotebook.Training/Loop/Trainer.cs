using System.Diagnostics;
using TorchSharp;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Models;
using VvsNotebook.Training.Runtime;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using F = TorchSharp.torch.nn.functional;

namespace VvsNotebook.Training.Loop;

/// <summary>
/// Trains one <see cref="RunConfig"/> into a <see cref="RunDirectory"/>: class-balanced subset, augmented
/// batches prepared off-thread, SGD/AdamW with warm-up + cosine per step, validation and a checkpoint every
/// epoch. A killed run (even SIGKILL) resumes from its last complete checkpoint and ends bit-identical to an
/// uninterrupted one for the same threads. Runs on <see cref="RunConfig.Device"/> in <see cref="RunConfig.Precision"/>
/// (bf16/fp16 through <see cref="MixedPrecision"/>).
/// </summary>
public sealed class Trainer
{
    private readonly Func<bool, ImageDataset> _loadDataset;

    /// <summary>
    /// Images per validation batch. An interrupt is seen between batches, and a 500-image batch of a ResNet-18 at half
    /// width took 3 to 5 s on one thread, longer than the kernel waits before it abandons a cell (still computing).
    /// </summary>
    public const int ValidationBatchSize = 100;

    /// <param name="loadDataset">Loads train (true) or validation (false) images; defaults to Fashion-MNIST via its manifest.</param>
    public Trainer(Func<bool, ImageDataset>? loadDataset = null) => _loadDataset = loadDataset ?? (train => FashionMnist.Load(train));

    /// <summary>
    /// Trains on the calling thread, every step on that one thread (libtorch's OpenMP team and glibc's malloc arena
    /// belong to a thread, so steps hopping across pool threads each brought their own); the task completes when the
    /// run ends. A dedicated training thread was tried and dropped: in the notebook kernel, runs started that way
    /// sometimes went NaN mid-training (tutorial-subsampling-to-bootstrap, 3 of 3 runs), never on the caller's thread.
    /// </summary>
    public Task<TrainingResult> RunAsync(RunConfig config, string directory, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource<TrainingResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        try { done.SetResult(Run(config, directory, progress, cancellationToken)); }
        catch (OperationCanceledException e) { done.SetCanceled(e.CancellationToken); }
        catch (Exception e) { done.SetException(e); }
        return done.Task;
    }

    private TrainingResult Run(RunConfig config, string directory, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        config.Validate();
        RunDirectory.ThrowIfFinished(directory);
        TorchRuntime.EnsureLoaded();
        var device = TorchRuntime.Device(config.DeviceName);
        var recipe = config.Recipe;
        var train = _loadDataset(true);
        var validation = _loadDataset(false);
        var indices = ClassBalancedSubset.Select(train.Labels, train.Classes.Count, config.SamplesPerClass, config.Seed);

        torch.set_num_threads(config.Threads);
        torch.manual_seed(config.Seed);
        var input = new InputShape(train.Channels, train.Height);
        var spec = config.Model with { Input = input, NumClasses = train.Classes.Count };
        using var model = ModelZoo.Create(spec);
        var cost = ComputeAccountant.Measure(model, input);
        model.to(device);
        // Low precision: a second copy computes; the fp32 model above stays the one that is stepped and saved.
        using var mixed = config.PrecisionName == Precision.Fp32 ? null
            : new MixedPrecision(model, ModelZoo.Create(spec).to(device), Precision.ComputeType(config.PrecisionName));
        var compute = mixed?.Compute ?? model;
        using var optimizer = recipe.Optimizer == "adamw"
            ? (TorchSharp.Modules.OptimizerHelper)torch.optim.AdamW(model.parameters(), recipe.PeakLearningRate, weight_decay: recipe.WeightDecay)
            : torch.optim.SGD(model.parameters(), recipe.PeakLearningRate, recipe.Momentum, weight_decay: recipe.WeightDecay, nesterov: recipe.Nesterov);

        // Only now, with the config known to work (model built, subset drawn), does the run directory appear.
        using var run = RunDirectory.Open(directory, config);
        run.SaveOrVerifySubsample(indices);

        var normalization = FashionMnist.Normalization;
        var loader = new BatchLoader(train, indices, recipe.BatchSize, recipe.Augment ? new Augmentation() : Augmentation.None, normalization, config.Seed);
        var validationIndices = Enumerable.Range(0, Math.Min(config.ValidationImages ?? validation.Count, validation.Count)).ToArray();
        var validationLoader = new BatchLoader(validation, validationIndices, ValidationBatchSize, Augmentation.None, normalization, 0, shuffle: false);
        var stepsPerEpoch = loader.BatchesPerEpoch;
        var schedule = new CosineWarmupSchedule(recipe.PeakLearningRate, (long)Math.Round(recipe.WarmupEpochs * stepsPerEpoch), (long)recipe.Epochs * stepsPerEpoch);

        var state = new TrainerState(-1, 0);
        if (run.LatestCheckpoint() is { } checkpoint)
        {
            state = run.LoadCheckpoint(checkpoint, model, optimizer);
            if (mixed is not null)
            {
                mixed.SyncComputeFromMaster();
                mixed.ScaleState = state.LossScale;
            }
        }
        var metrics = run.ReadMetrics(state.Epoch);
        run.WriteMetrics(metrics);

        for (var epoch = state.Epoch + 1; epoch < recipe.Epochs; epoch++)
        {
            compute.train();
            double lossSum = 0, lr = 0;
            long correct = 0, seen = 0, step = state.Step;
            var clock = Stopwatch.StartNew();
            var batchIndex = 0;
            foreach (var batch in loader.EpochAsync(epoch, cancellationToken).ToBlockingEnumerable(cancellationToken))
            {
                cancellationToken.ThrowIfCancellationRequested();
                using (torch.NewDisposeScope())
                {
                    var x = torch.tensor(batch.Images, [batch.Count, batch.Channels, batch.Size, batch.Size]).to(mixed?.ComputeType ?? ScalarType.Float32, device);
                    var y = torch.tensor(batch.Labels).to(device);
                    lr = schedule.Apply(optimizer, step);
                    optimizer.zero_grad();
                    // Forward intermediates go with an inner scope before backward (as Python's refcounting drops
                    // them), so backward's freed memory is reused rather than every activation living to step end.
                    Tensor logits, loss;
                    using (torch.NewDisposeScope())
                    {
                        logits = compute.call(x).to(ScalarType.Float32).MoveToOuterDisposeScope();
                        loss = F.cross_entropy(logits, y, label_smoothing: recipe.LabelSmoothing).MoveToOuterDisposeScope();
                    }
                    if (mixed is null) loss.backward();
                    else (mixed.LossScale == 1 ? loss : loss * mixed.LossScale).backward();
                    if (mixed is null || mixed.UnscaleGradientsIntoMaster())
                    {
                        optimizer.step();
                        mixed?.CopyWeightsToCompute();
                    }
                    lossSum += loss.item<float>() * batch.Count;
                    correct += logits.detach().argmax(1).eq(y).sum().item<long>();
                }
                seen += batch.Count;
                step++;
                batchIndex++;
                progress?.Report(new TrainingProgress(epoch, recipe.Epochs, batchIndex, stepsPerEpoch, lossSum / seen, (double)correct / seen, seen / clock.Elapsed.TotalSeconds));
            }
            mixed?.SyncMasterBuffers();
            var (valLoss, valAcc) = Evaluate(model, validationLoader, cancellationToken);
            metrics.Add(new EpochMetrics(epoch, step, lr, lossSum / seen, (double)correct / seen, valLoss, valAcc, (long)(epoch + 1) * indices.Length));
            state = new TrainerState(epoch, step, mixed?.ScaleState);
            // Metrics first: a complete checkpoint for epoch e then always has its metrics line; a line without a
            // checkpoint (killed in between) is dropped on resume and the epoch is redone.
            run.WriteMetrics(metrics);
            run.SaveCheckpoint(state, model, optimizer);
        }

        run.SaveModel(model);
        var last = metrics[^1];
        var samplesSeen = (long)recipe.Epochs * indices.Length;
        var result = new TrainingResult
        {
            ModelId = config.Name,
            Arch = config.Model.Arch,
            Dataset = config.Dataset,
            SamplesPerClass = config.SamplesPerClass,
            Seed = config.Seed,
            Epochs = recipe.Epochs,
            NSamples = indices.Length,
            SamplesSeen = samplesSeen,
            Parameters = cost.Parameters,
            MacsPerImage = cost.MacsPerImage,
            FlopsPerImage = cost.FlopsPerImage,
            TotalFlops = cost.TotalFlops(samplesSeen),
            ValidationAccuracy = last.ValidationAccuracy,
            ValidationLoss = last.ValidationLoss,
            TrainLoss = last.TrainLoss,
        };
        RunFiles.WriteJson(run.ResultPath, result);
        return result;
    }

    /// <summary>
    /// Mean loss and top-1 accuracy in eval mode without gradients; stops at the next batch when
    /// <paramref name="cancellationToken"/> is cancelled (validating 10,000 images takes longer than an interrupt may wait).
    /// </summary>
    public static (double Loss, double Accuracy) Evaluate(Module<Tensor, Tensor> model, BatchLoader loader, CancellationToken cancellationToken = default)
    {
        var wasTraining = model.training;
        model.eval();
        using var _ = torch.no_grad();
        double lossSum = 0;
        long correct = 0, count = 0;
        var device = model.parameters().First().device;
        try
        {
            foreach (var batch in loader.Epoch(0))
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = torch.NewDisposeScope();
                var x = torch.tensor(batch.Images, [batch.Count, batch.Channels, batch.Size, batch.Size]).to(device);
                var y = torch.tensor(batch.Labels).to(device);
                var logits = model.call(x);
                lossSum += F.cross_entropy(logits, y).item<float>() * batch.Count;
                correct += logits.argmax(1).eq(y).sum().item<long>();
                count += batch.Count;
            }
        }
        finally { model.train(wasTraining); }
        return (lossSum / count, (double)correct / count);
    }
}
