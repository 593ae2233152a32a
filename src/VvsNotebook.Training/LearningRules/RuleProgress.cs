using VvsNotebook.Progress;

namespace VvsNotebook.Training.LearningRules;

/// <summary>
/// Reported after every batch. <paramref name="Phase"/> is "train" for bp/fa/pc, "hebbian" then "readout" for stdp,
/// "evaluate" for untrained; <paramref name="Epoch"/> (1-based) and <paramref name="Batch"/> count within the phase;
/// <paramref name="Loss"/> is the running mean of the phase's loss this epoch (for "hebbian": the mean mismatch
/// 1 − cos(patch, filter) weighted by the competition, which falls as filters learn).
/// </summary>
public sealed record RuleProgress(string Rule, int Epoch, int Epochs, int Batch, int Batches, double Loss, string Phase = "train") : JobProgress
{
    public override string Stage => Phase;

    /// <summary>Batches done over the phase's epochs (untrained's one evaluation counts no epoch).</summary>
    public override int Done => Math.Max(Epoch - 1, 0) * Batches + Batch;

    public override int Total => Epochs * Batches;

    /// <summary>The last batch of an epoch.</summary>
    public override bool IsMilestone => Batch == Batches;

    public override string Describe() => $"epoch {Epoch}/{Epochs}, batch {Batch}/{Batches}, loss {Loss:F3}";
}
