using System.Diagnostics;
using TorchSharp;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Models;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace VvsNotebook.Training.LearningRules;

/// <summary>
/// What every rule shares: checked inputs, the seeded class-balanced subset, batches through <see cref="BatchLoader"/>
/// (no augmentation, so rules differ only in how they learn), evaluation through <see cref="Trainer.Evaluate"/>,
/// progress, cancellation and the curve.
/// </summary>
internal sealed class RuleSession
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly IProgress<RuleProgress>? _progress;
    private readonly CancellationToken _cancellationToken;

    public RuleSession(string rule, RuleCnn model, ImageDataset train, ImageDataset validation, RuleTrainingOptions options,
        IProgress<RuleProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var blocks = model.Blocks;
        foreach (var data in new[] { train, validation })
        {
            if (data.Channels != blocks[0].Conv.in_channels)
                throw new ArgumentException($"{data.Name} has {data.Channels}-channel images but the model takes {blocks[0].Conv.in_channels}; build it with InputShape({data.Channels}, {data.Height}).");
            if (data.Height != data.Width) throw new ArgumentException($"{data.Name}: images must be square, got {data.Height}x{data.Width}.");
            if (data.Classes.Count != model.Classifier.out_features)
                throw new ArgumentException($"{data.Name} has {data.Classes.Count} classes but the classifier has {model.Classifier.out_features} outputs; build the model with NumClasses = {data.Classes.Count}.");
        }
        if (model.parameters().Any(p => p.device_type != DeviceType.CPU || p.dtype != ScalarType.Float32))
            throw new ArgumentException("Learning rules run on CPU in float32; move the model there first.", nameof(model));

        Rule = rule; Model = model; Options = options; _progress = progress; _cancellationToken = cancellationToken;
        torch.set_num_threads(options.Threads);
        var indices = ClassBalancedSubset.Select(train.Labels, train.Classes.Count, options.SamplesPerClass, options.Seed);
        var normalization = options.Normalisation;
        Train = new BatchLoader(train, indices, options.BatchSize, Augmentation.None, normalization, options.Seed);
        TrainInOrder = new BatchLoader(train, indices, 500, Augmentation.None, normalization, 0, shuffle: false);
        var validationIndices = Enumerable.Range(0, Math.Min(options.ValidationImages ?? validation.Count, validation.Count)).ToArray();
        Validation = new BatchLoader(validation, validationIndices, 500, Augmentation.None, normalization, 0, shuffle: false);
    }

    public string Rule { get; }
    public RuleCnn Model { get; }
    public RuleTrainingOptions Options { get; }
    public BatchLoader Train { get; }
    public BatchLoader TrainInOrder { get; }
    public BatchLoader Validation { get; }
    public List<RuleEpoch> Curve { get; } = [];

    public double LearningRate => Options.LearningRate ?? LearningRuleCatalog.DefaultLearningRate(Rule, Options.Optimizer);

    /// <summary>Adam or SGD with momentum over <paramref name="parameters"/>: the same optimiser for every gradient-like rule.</summary>
    public TorchSharp.Modules.OptimizerHelper Optimizer(IEnumerable<TorchSharp.Modules.Parameter> parameters, double learningRate) =>
        Options.Optimizer == "sgd" ? torch.optim.SGD(parameters, learningRate, momentum: 0.9) : torch.optim.Adam(parameters, learningRate);

    /// <summary>
    /// <paramref name="epochs"/> passes over the training batches; <paramref name="step"/> gets images and labels in a
    /// dispose scope and returns the batch's loss and logits (or null logits when the phase has none). Training points
    /// are added to <see cref="Curve"/> when <paramref name="record"/>.
    /// </summary>
    public void Epochs(int epochs, string phase, Func<Tensor, Tensor, (double Loss, Tensor? Logits)> step, bool record = true)
    {
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            double lossSum = 0;
            long correct = 0, seen = 0;
            var batchIndex = 0;
            foreach (var batch in Train.Epoch(epoch))
            {
                _cancellationToken.ThrowIfCancellationRequested();
                using (torch.NewDisposeScope())
                {
                    var (x, y) = Tensors(batch);
                    var (loss, logits) = step(x, y);
                    if (!double.IsFinite(loss))
                        throw new InvalidOperationException($"{Rule}: the {phase} loss became {loss} in epoch {epoch + 1}, batch {batchIndex + 1}; lower the learning rate.");
                    lossSum += loss * batch.Count;
                    if (logits is not null) correct += logits.argmax(1).eq(y).sum().item<long>();
                }
                seen += batch.Count;
                batchIndex++;
                _progress?.Report(new RuleProgress(Rule, epoch + 1, epochs, batchIndex, Train.BatchesPerEpoch, lossSum / seen, phase));
            }
            if (record)
            {
                var (valLoss, valAcc) = Trainer.Evaluate(Model, Validation);
                Curve.Add(new RuleEpoch(Curve.Count + 1, lossSum / seen, (double)correct / seen, valLoss, valAcc));
            }
        }
    }

    /// <summary>Loss and accuracy of the model as it is, on the training subset and the validation images.</summary>
    public RuleEpoch EvaluateAsIs(int epoch)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        var (trainLoss, trainAcc) = Trainer.Evaluate(Model, TrainInOrder);
        _cancellationToken.ThrowIfCancellationRequested();
        var (valLoss, valAcc) = Trainer.Evaluate(Model, Validation);
        return new RuleEpoch(epoch, trainLoss, trainAcc, valLoss, valAcc);
    }

    public RuleRun Finish() => new(Rule, Options.Seed, Curve.ToList(), _clock.Elapsed.TotalSeconds);

    public static (Tensor Images, Tensor Labels) Tensors(Batch batch) =>
        (torch.tensor(batch.Images, [batch.Count, batch.Channels, batch.Size, batch.Size]), torch.tensor(batch.Labels));

    /// <summary>Cross-entropy backward and an optimiser step: bp's whole update, and fa's with its own backward pass.</summary>
    public static (double Loss, Tensor? Logits) GradientStep(TorchSharp.Modules.OptimizerHelper optimizer, Func<Tensor> logits, Tensor labels)
    {
        optimizer.zero_grad();
        var output = logits();
        var loss = F.cross_entropy(output, labels);
        loss.backward();
        optimizer.step();
        return (loss.item<float>(), output.detach());
    }
}
