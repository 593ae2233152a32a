using Spectre.Console;
using VvsNotebook.Progress;

namespace VvsNotebook.Cli.Terminal;

/// <summary>
/// Progress of a long CLI job on stderr, drawn by Spectre.Console: in a terminal a live bar (cleared when the job ends,
/// so results printed after it stand alone) with the lines meant to be kept above it; when stderr is redirected (a log,
/// a Slurm task's output) no bar at all, only those lines.
/// </summary>
internal static class TerminalProgress
{
    /// <summary>Whether a live bar is drawn: stderr is a terminal.</summary>
    public static bool IsLive => !Console.IsErrorRedirected;

    /// <summary>Runs <paramref name="work"/> with one bar, labelled <paramref name="description"/> until the work reports.</summary>
    public static async Task<T> RunAsync<T>(string description, Func<ProgressLine, Task<T>> work)
    {
        if (!IsLive) return await work(new ProgressLine(null, null));
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var result = default(T)!;
        await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(description), maxValue: 1);
                task.IsIndeterminate = true;
                result = await work(new ProgressLine(console, task));
            });
        return result;
    }

    /// <inheritdoc cref="RunAsync{T}(string, Func{ProgressLine, Task{T}})"/>
    public static T Run<T>(string description, Func<ProgressLine, T> work) =>
        RunAsync(description, line => Task.FromResult(work(line))).GetAwaiter().GetResult();
}

/// <summary>
/// The bar of one job, driven by its <see cref="JobProgress"/> reports: the bar follows their count, its label their
/// line, and a milestone's line stays above it. Safe to call from worker threads.
/// </summary>
internal sealed class ProgressLine(IAnsiConsole? console, ProgressTask? task, string? job = null) : IProgress<JobProgress>
{
    /// <summary>The same bar, each line prefixed "<paramref name="name"/>: ", for reports that do not name their job (a training's, a fit's).</summary>
    public ProgressLine For(string name) => new(console, task, name);

    public void Report(JobProgress progress)
    {
        var text = job is null ? progress.Describe() : $"{job}: {progress.Describe()}";
        Update(progress.Done, progress.Total, text);
        if (progress.IsMilestone) Line(text);
    }

    /// <summary>Relabels the bar without a count (a spinner shows the job is alive).</summary>
    public void Describe(string description)
    {
        if (task is not null) task.Description = Markup.Escape(description);
    }

    /// <summary>A counter of <paramref name="total"/> <paramref name="unit"/> (e.g. permutations) on this bar.</summary>
    public IProgress<int> Counter(int total, string unit) => new CounterProgress(this, total, unit);

    private sealed class CounterProgress(ProgressLine line, int total, string unit) : IProgress<int>
    {
        public void Report(int done) => line.Update(done, total, $"{done}/{total} {unit}");
    }

    /// <summary>Sets the bar to <paramref name="done"/> of <paramref name="total"/> (none when 0: the count is unknown) and its label.</summary>
    private void Update(double done, double total, string description)
    {
        if (task is null) return;
        if (total > 0)
        {
            task.IsIndeterminate = false;
            task.MaxValue = total;
            task.Value = Math.Min(done, total);
        }
        Describe(description);
    }

    /// <summary>A line that stays: above the bar in a terminal, a plain stderr line when redirected.</summary>
    private void Line(string text)
    {
        if (console is null) Console.Error.WriteLine(text);
        else console.WriteLine(text);
    }
}
