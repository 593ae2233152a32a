using VvsNotebook.Training.Data;

namespace VvsNotebook.Training.LearningRules;

/// <summary>
/// How a learning rule trains. Shared options first, then the rule-specific ones (ignored by the other rules).
/// Unset learning rates take the rule's default (<see cref="LearningRuleCatalog.DefaultLearningRate"/>).
/// </summary>
public sealed record RuleTrainingOptions
{
    /// <summary>Passes over the training images (stdp: Hebbian passes before the readout). 0 leaves the weights as they are.</summary>
    public int Epochs { get; init; } = 5;

    public int BatchSize { get; init; } = 64;

    /// <summary>Step size of the rule's own updates (stdp: the Hebbian rate); null: the rule's default.</summary>
    public double? LearningRate { get; init; }

    /// <summary>"adam" or "sgd" (momentum 0.9) for the gradient-like updates of bp, fa, pc and the stdp readout.</summary>
    public string Optimizer { get; init; } = "adam";

    /// <summary>Batch order, class-balanced subset, feedback matrices and patch sampling derive from it.</summary>
    public int Seed { get; init; }

    /// <summary>libtorch CPU threads; results are bit-identical only for the same count.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Training images per class (a seeded class-balanced subset); null takes all of <c>train</c>.</summary>
    public int? SamplesPerClass { get; init; }

    /// <summary>The first this many validation images; null takes all.</summary>
    public int? ValidationImages { get; init; }

    /// <summary>Pixel mean and std (of x/255) for normalisation; null: Fashion-MNIST's, as the project's <c>Trainer</c> uses.</summary>
    public (float Mean, float Std)? Normalization { get; init; }

    /// <summary>pc: inference steps on the value nodes per batch.</summary>
    public int PcInferenceSteps { get; init; } = 20;

    /// <summary>pc: step size of inference (gradient descent on the energy in the value nodes).</summary>
    public double PcInferenceRate { get; init; } = 0.1;

    /// <summary>
    /// pc: how far the clamped output is pushed from the prediction along the cross-entropy gradient,
    /// target = logits − nudge·(softmax − one-hot). Small nudges make pc's updates approach backpropagation's.
    /// </summary>
    public double PcTargetNudge { get; init; } = 0.1;

    /// <summary>stdp: epochs of the supervised linear readout on the frozen Hebbian features.</summary>
    public int StdpReadoutEpochs { get; init; } = 5;

    /// <summary>stdp: learning rate of the readout; null: 1e-2 (adam) or 0.1 (sgd), higher than bp's since one linear layer on frozen features is trained.</summary>
    public double? StdpReadoutLearningRate { get; init; }

    /// <summary>stdp: softmax temperature of the soft winner-take-all over channels (relative to the filter response).</summary>
    public double StdpTemperature { get; init; } = 0.1;

    /// <summary>stdp: image patches (positions) sampled per layer and batch for the Hebbian update.</summary>
    public int StdpPatchesPerBatch { get; init; } = 2048;

    /// <summary>Throws for values no rule can run with; the message names the option and what to use.</summary>
    public void Validate()
    {
        if (Epochs < 0) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be 0 or more.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 1.");
        if (LearningRate is { } lr && !(lr > 0 && double.IsFinite(lr))) throw new ArgumentOutOfRangeException(nameof(LearningRate), lr, "LearningRate must be positive and finite (or null for the rule's default).");
        if (Optimizer is not ("adam" or "sgd")) throw new ArgumentException($"Optimizer '{Optimizer}' is unknown; use \"adam\" or \"sgd\".", nameof(Optimizer));
        if (Threads < 1) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Threads must be at least 1.");
        if (SamplesPerClass is < 1) throw new ArgumentOutOfRangeException(nameof(SamplesPerClass), SamplesPerClass, "SamplesPerClass must be at least 1 (or null for all images).");
        if (ValidationImages is < 1) throw new ArgumentOutOfRangeException(nameof(ValidationImages), ValidationImages, "ValidationImages must be at least 1 (or null for all).");
        if (Normalization is { Std: var std } && !(std > 0)) throw new ArgumentOutOfRangeException(nameof(Normalization), std, "Normalization std must be positive.");
        if (PcInferenceSteps < 0) throw new ArgumentOutOfRangeException(nameof(PcInferenceSteps), PcInferenceSteps, "PcInferenceSteps must be 0 or more.");
        if (!(PcInferenceRate > 0 && PcInferenceRate < 2)) throw new ArgumentOutOfRangeException(nameof(PcInferenceRate), PcInferenceRate, "PcInferenceRate must be in (0, 2); inference diverges beyond.");
        if (!(PcTargetNudge > 0 && double.IsFinite(PcTargetNudge))) throw new ArgumentOutOfRangeException(nameof(PcTargetNudge), PcTargetNudge, "PcTargetNudge must be positive and finite.");
        if (StdpReadoutEpochs < 0) throw new ArgumentOutOfRangeException(nameof(StdpReadoutEpochs), StdpReadoutEpochs, "StdpReadoutEpochs must be 0 or more.");
        if (StdpReadoutLearningRate is { } rlr && !(rlr > 0 && double.IsFinite(rlr))) throw new ArgumentOutOfRangeException(nameof(StdpReadoutLearningRate), rlr, "StdpReadoutLearningRate must be positive and finite (or null).");
        if (!(StdpTemperature > 0 && double.IsFinite(StdpTemperature))) throw new ArgumentOutOfRangeException(nameof(StdpTemperature), StdpTemperature, "StdpTemperature must be positive and finite.");
        if (StdpPatchesPerBatch < 1) throw new ArgumentOutOfRangeException(nameof(StdpPatchesPerBatch), StdpPatchesPerBatch, "StdpPatchesPerBatch must be at least 1.");
    }

    internal (float Mean, float Std) Normalisation => Normalization ?? FashionMnist.Normalization;
}
