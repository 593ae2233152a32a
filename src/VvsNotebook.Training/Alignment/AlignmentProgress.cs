using VvsNotebook.Progress;

namespace VvsNotebook.Training.Alignment;

/// <summary>Reported after every batch: <paramref name="Epoch"/> and <paramref name="Batch"/> are 1-based; the losses are the epoch's running means.</summary>
public sealed record AlignmentProgress(int Epoch, int Epochs, int Batch, int Batches, double TaskLoss, double AlignmentLoss) : JobProgress
{
    public override string Stage => "training";

    public override int Done => (Epoch - 1) * Batches + Batch;

    public override int Total => Epochs * Batches;

    /// <summary>The last batch of an epoch.</summary>
    public override bool IsMilestone => Batch == Batches;

    public override string Describe() => $"epoch {Epoch}/{Epochs}, batch {Batch}/{Batches}, task {TaskLoss:F3}, alignment loss {AlignmentLoss:F3}";
}
