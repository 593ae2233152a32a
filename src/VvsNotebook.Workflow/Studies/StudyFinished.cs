using VvsNotebook.Progress;

namespace VvsNotebook.Workflow;

/// <summary>
/// A study's last report: its <paramref name="Networks"/>, how many of them it <paramref name="Trained"/> (the others
/// were read back from its runs folder; null for a study that does not tell them apart) and its wall time.
/// </summary>
public sealed record StudyFinished(string Study, int Networks, int? Trained, double Seconds) : JobProgress
{
    public override string Stage => "finished";
    public override int Done => Networks;
    public override int Total => Networks;
    public override bool IsMilestone => true;

    public override string Describe() => Trained is { } trained
        ? $"{Study} study: {trained} networks trained, {Networks - trained} read back, in {Seconds:F0} s"
        : $"{Study} study: {Networks} networks in {Seconds:F0} s";
}
