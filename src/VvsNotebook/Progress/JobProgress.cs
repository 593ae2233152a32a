namespace VvsNotebook.Progress;

/// <summary>
/// A report from a long job (a fit, a training, a sweep, a study). Every job reports a type derived from this one, so
/// a host needs one renderer, over <see cref="IProgress{T}"/> of <see cref="JobProgress"/>, for all of them: a
/// terminal's bar follows <see cref="Done"/> of <see cref="Total"/> and shows <see cref="Describe"/>; a notebook shows
/// the line alone. The derived types keep their own fields (loss, accuracy, the run's outcome) for code that wants more.
/// </summary>
public abstract record JobProgress
{
    /// <summary>What is being done, in the words a user reads (e.g. "bootstraps", "training").</summary>
    public abstract string Stage { get; }

    /// <summary>Units of <see cref="Stage"/> done.</summary>
    public abstract int Done { get; }

    /// <summary>Units of <see cref="Stage"/> in all; 0 when not known (a terminal then shows a spinner, not a bar).</summary>
    public abstract int Total { get; }

    /// <summary>
    /// Whether the report marks something finished (an epoch, a task, a stage) whose line should stay: above the bar in
    /// a terminal, and in redirected output, which drops the other reports since each only replaces the one before.
    /// </summary>
    public virtual bool IsMilestone => false;

    /// <summary>The one line a terminal or a notebook shows for the report.</summary>
    public virtual string Describe() => Total > 0 ? $"{Stage} {Done}/{Total}" : Stage;

    /// <summary>The line of <see cref="Describe"/>, so a report printed or shown as it is reads as the hosts show it.</summary>
    public sealed override string ToString() => Describe();
}
