using VvsNotebook.Progress;

namespace VvsNotebook.Fitting;

/// <summary>Progress of a fit or a bootstrap: <paramref name="Done"/> of <paramref name="Total"/> units of <paramref name="Stage"/> ("starts", "bootstraps").</summary>
public sealed record FitProgress(string Stage, int Done, int Total) : JobProgress
{
    public override string Stage { get; } = Stage;
    public override int Done { get; } = Done;
    public override int Total { get; } = Total;
}
