using System.CommandLine;
using VvsNotebook.Training.Sweeps;
using VvsNotebook.Workflow;

namespace VvsNotebook.Interactive.Magics;

/// <summary>
/// <c>#!sweep [start|status|collect|resume] --arch small_cnn --width 0.25,0.5 --samples-per-class 10,100 --seed 0,1
/// [--executor slurm ...]</c>: <c>vvs sweep</c> in a cell, with the same options. <c>start</c> (the default) runs the
/// grid here with a live line per task, or submits it to Slurm and returns at once; <c>status</c> shows every task's
/// state; <c>collect</c> returns the results table (and writes it); <c>resume</c> reruns or resubmits the unfinished tasks.
/// </summary>
public sealed class SweepMagic : MagicCommand
{
    private readonly SweepRunOptions _options = new();
    private readonly Argument<string?> _action = new("action") { Description = "start (default), status, collect or resume", Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<string?> _table = new("--table") { Description = "collect: the results table to write (default: results.csv in the sweep folder)" };
    private readonly Option<bool> _allowMissing = new("--allow-missing") { Description = "collect: write the finished tasks' table even when some are missing" };

    public SweepMagic() : base("#!sweep", "Train and score a grid of models here or as a Slurm array job; status, collect and resume it")
    {
        _action.AcceptOnlyFromAmong("start", "status", "collect", "resume");
        AddArgument(_action);
        _options.AddTo(Command);
        Command.Add(_table);
        Command.Add(_allowMissing);
        // status, collect and resume read the plan the sweep folder holds: no grid needed.
        _options.Archs.Required = false;
    }

    public override async Task<object?> RunAsync(ParseResult parse, IMagicContext context)
    {
        var root = parse.GetValue(_options.RunsDir)!;
        switch (parse.GetValue(_action) ?? "start")
        {
            case "status": return SweepWorkflow.Status(root);
            case "collect": return SweepWorkflow.Collect(root, parse.GetValue(_table), parse.GetValue(_allowMissing));
            case "resume":
            {
                var slurm = _options.SlurmOptions(parse);
                return await Run(context, progress => SweepWorkflow.ResumeAsync(root, slurm, SlurmRunOptions.VvsCommand, progress, context.CancellationToken));
            }
            default:
            {
                if (parse.GetValue(_options.Archs) is not { Length: > 0 }) throw new ArgumentException("Give the grid's architectures with --arch (status, collect and resume need none).");
                var plan = _options.Plan(parse);
                var slurm = _options.SlurmOptions(parse);
                return await Run(context, progress => SweepWorkflow.StartAsync(root, plan, slurm, SlurmRunOptions.VvsCommand, progress, context.CancellationToken));
            }
        }
    }

    private static async Task<SweepOutcome> Run(IMagicContext context, Func<IProgress<SweepTaskProgress>, Task<SweepOutcome>> run)
    {
        var status = context.Display("sweep: starting…");
        var outcome = await Task.Run(() => run(new LiveProgress(status)), context.CancellationToken);
        status.Update(outcome.Submission is { } s ? $"sweep: submitted Slurm job {s.JobId} ({s.Tasks.Count} tasks); #!sweep status shows them"
            : $"sweep: {outcome.Local.Count(o => o.Trained)} trained, {outcome.Local.Count(o => !o.Trained)} finished before");
        return outcome;
    }
}
