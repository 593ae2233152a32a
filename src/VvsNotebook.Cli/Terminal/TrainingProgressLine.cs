using VvsNotebook.Training.Loop;

namespace VvsNotebook.Cli.Terminal;

/// <summary>Training progress on a <see cref="ProgressLine"/>: the bar follows the batches, each finished epoch leaves a line.</summary>
internal sealed class TrainingProgressLine(ProgressLine line, string label) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress p)
    {
        var summary = $"{label}: epoch {p.Epoch + 1}/{p.Epochs} loss {p.Loss:F4} acc {p.Accuracy:P1} {p.ImagesPerSecond:F0} img/s";
        line.Update(p.Epoch * p.BatchesPerEpoch + p.Batch, (double)p.Epochs * p.BatchesPerEpoch, $"{summary} batch {p.Batch}/{p.BatchesPerEpoch}");
        if (p.Batch == p.BatchesPerEpoch) line.Line(summary);
    }
}
