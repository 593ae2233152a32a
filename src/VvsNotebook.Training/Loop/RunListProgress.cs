using VvsNotebook.Progress;

namespace VvsNotebook.Training.Loop;

/// <summary>
/// Run <see cref="Number"/> (1-based) of <see cref="Count"/> in a list of runs trained one after another (a sweep, a
/// sweep's tasks): while it trains, its training's reports (the bar follows its batches); once it ends, one line that
/// stays, so a sweep's log reads as its runs' training logs.
/// </summary>
public abstract record RunListProgress(int Number, int Count, string RunName, TrainingProgress? Training) : JobProgress
{
    /// <summary>The ended run's result when it trained here; null when it had finished before (skipped).</summary>
    protected abstract TrainingResult? TrainedResult { get; }

    public override string Stage => Training is null ? "finished" : "training";

    public override int Done => Training?.Done ?? Number;

    public override int Total => Training?.Total ?? Count;

    public override bool IsMilestone => Training?.IsMilestone ?? true;

    public override string Describe() =>
        Training is { } t ? $"[{Number}/{Count}] {RunName}: {t.Describe()}"
        : TrainedResult is { } result ? $"[{Number}/{Count}] {result}"
        : $"[{Number}/{Count}] {RunName}: finished, skipped";
}
