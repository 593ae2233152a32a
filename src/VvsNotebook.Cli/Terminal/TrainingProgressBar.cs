using VvsNotebook.Training.Loop;

namespace VvsNotebook.Cli.Terminal;

/// <summary>
/// One-line progress bar for training on stderr (loss, accuracy, images/s), redrawn at most 10 times a second; when
/// stderr is redirected (a log, a Slurm task's output), one plain line per epoch instead.
/// </summary>
internal sealed class TrainingProgressBar(string label) : IProgress<TrainingProgress>
{
    private DateTime _lastDraw = DateTime.MinValue;

    public void Report(TrainingProgress p)
    {
        var done = p.Batch == p.BatchesPerEpoch;
        if (Console.IsErrorRedirected)
        {
            if (done) Console.Error.WriteLine($"{label}: epoch {p.Epoch + 1}/{p.Epochs} loss {p.Loss:F4} acc {p.Accuracy:P1} {p.ImagesPerSecond:F0} img/s");
            return;
        }
        if (!done && (DateTime.UtcNow - _lastDraw).TotalMilliseconds < 100) return;
        _lastDraw = DateTime.UtcNow;
        const int width = 24;
        var fraction = (p.Epoch + (double)p.Batch / p.BatchesPerEpoch) / p.Epochs;
        var filled = (int)Math.Round(fraction * width);
        var line = $"\r{label} [{new string('#', filled)}{new string('.', width - filled)}] epoch {p.Epoch + 1}/{p.Epochs} " +
                   $"batch {p.Batch}/{p.BatchesPerEpoch} loss {p.Loss:F4} acc {p.Accuracy:P1} {p.ImagesPerSecond:F0} img/s ";
        Console.Error.Write(line);
        if (done) Console.Error.WriteLine();
    }
}
