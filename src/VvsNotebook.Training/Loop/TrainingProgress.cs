using VvsNotebook.Progress;

namespace VvsNotebook.Training.Loop;

/// <summary>
/// Reported after every training step (for progress bars and notebook widgets): <paramref name="Epoch"/> is 0-based,
/// <paramref name="Batch"/> the 1-based batch just done; loss and accuracy are running means over the epoch.
/// </summary>
public sealed record TrainingProgress(int Epoch, int Epochs, int Batch, int BatchesPerEpoch, double Loss, double Accuracy, double ImagesPerSecond)
    : JobProgress
{
    public override string Stage => "training";

    /// <summary>Steps done over the whole run, so a bar fills once rather than once per epoch.</summary>
    public override int Done => Epoch * BatchesPerEpoch + Batch;

    public override int Total => Epochs * BatchesPerEpoch;

    /// <summary>The last batch of an epoch: its line is the epoch's record.</summary>
    public override bool IsMilestone => Batch == BatchesPerEpoch;

    /// <summary>The epoch's running figures; a live line adds the batch, which an epoch's record does not need.</summary>
    public override string Describe()
    {
        var summary = $"epoch {Epoch + 1}/{Epochs} loss {Loss:F4} acc {Accuracy:P1} {ImagesPerSecond:F0} img/s";
        return IsMilestone ? summary : $"{summary} batch {Batch}/{BatchesPerEpoch}";
    }
}
