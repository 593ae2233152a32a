namespace VvsNotebook.Training.Loop;

/// <summary>
/// Optimisation hyper-parameters. <see cref="Paper"/> holds Gokce &amp; Schrimpf's defaults (SGD, peak LR 0.1 with
/// a 5-epoch linear warm-up then cosine decay, momentum 0.9, weight decay 1e-4, cross-entropy, batch 512,
/// 100 epochs); a CPU user scales epochs and batch down with <c>with</c>.
/// </summary>
public sealed record TrainingRecipe
{
    public int Epochs { get; init; } = 100;
    public int BatchSize { get; init; } = 512;
    public double PeakLearningRate { get; init; } = 0.1;
    public double WarmupEpochs { get; init; } = 5;
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 1e-4;
    public bool Nesterov { get; init; }
    /// <summary>"sgd" or "adamw".</summary>
    public string Optimizer { get; init; } = "sgd";
    public double LabelSmoothing { get; init; }
    /// <summary>Random resized crop and horizontal flip on training images.</summary>
    public bool Augment { get; init; } = true;

    public static TrainingRecipe Paper { get; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public TrainingRecipe Validate()
    {
        if (Epochs < 1) throw new ArgumentException($"Epochs must be at least 1 (got {Epochs}).");
        if (BatchSize < 1) throw new ArgumentException($"Batch size must be at least 1 (got {BatchSize}).");
        if (!(PeakLearningRate > 0)) throw new ArgumentException($"Peak learning rate must be positive (got {PeakLearningRate}).");
        if (WarmupEpochs < 0 || WarmupEpochs > Epochs) throw new ArgumentException($"Warm-up epochs must be in [0, {Epochs}] (got {WarmupEpochs}).");
        if (Momentum is < 0 or >= 1) throw new ArgumentException($"Momentum must be in [0, 1) (got {Momentum}).");
        if (WeightDecay < 0) throw new ArgumentException($"Weight decay must be non-negative (got {WeightDecay}).");
        if (Optimizer is not ("sgd" or "adamw")) throw new ArgumentException($"Optimizer must be 'sgd' or 'adamw' (got '{Optimizer}').");
        return this;
    }
}
