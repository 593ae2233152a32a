namespace VvsNotebook.Training.Alignment;

/// <summary>
/// How one network is trained with L_total = alpha * L_alignment + beta * L_task (cross-entropy): the architecture,
/// the layer aligned (a module name as activation sources name layers, e.g. <c>conv1</c>), alpha and beta, and Adam's
/// settings. The paper used Adam at 1e-4 with batches of 1,000 on ImageNet for 50 epochs; at this project's small scale
/// (hundreds of Fashion-MNIST images, a few epochs) 1e-3 is what learns (rule_cnn at width 0.5 reaches ~0.7 validation
/// accuracy after 3 epochs on 1,000 images, where 1e-4 stays near 0.4), so it is the default.
/// </summary>
public sealed record AlignmentTrainingOptions
{
    /// <summary>A <see cref="Models.ModelZoo"/> architecture: rule_cnn (default, fast on CPUs), small_cnn or alexnet (the paper's).</summary>
    public string Arch { get; init; } = "rule_cnn";
    public double Width { get; init; } = 0.5;
    /// <summary>The layer whose output (flattened per image) is aligned.</summary>
    public string Layer { get; init; } = "conv1";
    /// <summary>A convolutional layer is average-pooled to at most this many positions a side before alignment (0: every position); see <see cref="AlignmentFeatures"/>.</summary>
    public int Grid { get; init; } = 4;
    /// <summary>A pooled map keeps at most this many values (the grid shrinks, down to channel means, for wide layers).</summary>
    public int MaxFeatures { get; init; } = AlignmentFeatures.DefaultMaxFeatures;
    public double Alpha { get; init; }
    public double Beta { get; init; } = 1.0;
    public AlignmentMeasure Measure { get; init; } = new();
    public int Epochs { get; init; } = 3;
    public int BatchSize { get; init; } = 128;
    /// <summary>Rows of each alignment batch drawn from a brain reference's training stimuli (image references align on the task batch).</summary>
    public int AlignmentBatchSize { get; init; } = 128;
    public double LearningRate { get; init; } = 1e-3;
    public int Seed { get; init; }
    public int Threads { get; init; } = 2;

    public void Validate()
    {
        if (!Models.ModelZoo.Architectures.Contains(Arch)) throw new ArgumentException($"Unknown --arch '{Arch}'; choose from {string.Join(", ", Models.ModelZoo.Architectures)}.");
        if (!(Width > 0) || Width > 4) throw new ArgumentException($"--width must be in (0, 4] (got {Width}).");
        if (string.IsNullOrWhiteSpace(Layer)) throw new ArgumentException("Name the layer to align (e.g. conv1).");
        if (MaxFeatures < 1) throw new ArgumentException($"--max-features must be at least 1 (got {MaxFeatures}).");
        if (Grid < 0) throw new ArgumentException($"--grid must be 0 (no pooling) or more (got {Grid}).");
        if (!double.IsFinite(Alpha)) throw new ArgumentException($"alpha must be finite (got {Alpha}).");
        if (!(Beta >= 0 && double.IsFinite(Beta))) throw new ArgumentException($"--beta must be 0 or more (got {Beta}).");
        if (Alpha == 0 && Beta == 0) throw new ArgumentException("alpha and beta are both 0: nothing to train.");
        Measure.Validate();
        if (Epochs < 1) throw new ArgumentException($"--epochs must be at least 1 (got {Epochs}).");
        if (BatchSize < 2 * Measure.Folds) throw new ArgumentException($"--batch-size must be at least {2 * Measure.Folds} for {Measure.Folds}-fold alignment (got {BatchSize}).");
        if (AlignmentBatchSize < 2 * Measure.Folds) throw new ArgumentException($"--alignment-batch-size must be at least {2 * Measure.Folds} (got {AlignmentBatchSize}).");
        if (!(LearningRate > 0 && double.IsFinite(LearningRate))) throw new ArgumentException($"--lr must be positive (got {LearningRate}).");
        if (Seed < 0) throw new ArgumentException("Seeds must be 0 or more.");
        if (Threads < 1) throw new ArgumentException($"--threads must be at least 1 (got {Threads}).");
    }
}

/// <summary>
/// One epoch: mean cross-entropy and mean alignment loss (-alignment) over its batches, training accuracy of those
/// batches, and the validation accuracy after it.
/// </summary>
public sealed record AlignmentEpoch(int Epoch, double TaskLoss, double AlignmentLoss, double TrainAccuracy, double ValidationAccuracy);

/// <summary>What a training did: the curve and the final training alignment (mean over the last epoch's batches).</summary>
public sealed record AlignmentRun(double Alpha, double Beta, int Seed, IReadOnlyList<AlignmentEpoch> Curve, double Seconds)
{
    public AlignmentEpoch Final => Curve[^1];

    /// <summary>The last epoch's mean training-batch alignment.</summary>
    public double FinalTrainingAlignment => -Final.AlignmentLoss;
}
