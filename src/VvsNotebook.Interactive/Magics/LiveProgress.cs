using VvsNotebook.Progress;

namespace VvsNotebook.Interactive.Magics;

/// <summary>
/// A job's progress as one notebook output replaced in place by each report's line (prefixed "<paramref name="job"/>: "
/// for reports that do not name their job). Live reports are throttled so a fast loop does not flood the front end; a
/// milestone always shows, so the output never stops on a stale line when a stage ends.
/// </summary>
public sealed class LiveProgress(IDisplayHandle display, string? job = null) : IProgress<JobProgress>
{
    private readonly ThrottledProgress<JobProgress> _live = new(p => display.Update(Line(job, p)));

    public void Report(JobProgress progress)
    {
        if (progress.IsMilestone) display.Update(Line(job, progress));
        else _live.Report(progress);
    }

    private static string Line(string? job, JobProgress progress) => job is null ? progress.Describe() : $"{job}: {progress.Describe()}";
}
