using System.CommandLine;
using System.Text.Json;
using VvsNotebook.Cli.Terminal;
using VvsNotebook.Display;
using VvsNotebook.Figures;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Sweeps;
using VvsNotebook.Workflow;

namespace VvsNotebook.Cli.Commands;

/// <summary>
/// <c>vvs sweep</c>: a grid of archs x widths x d x seeds, each task training then scoring one run, on this machine
/// (<c>--executor local</c>) or as one Slurm array job (<c>--executor slurm</c>); <c>status</c>, <c>collect</c> and
/// <c>resume</c> work on either. The options and use cases are <see cref="SweepRunOptions"/> and <see cref="SweepWorkflow"/>,
/// shared with <c>#!sweep</c>.
/// </summary>
public static class SweepCommand
{
    public static Command Create()
    {
        var options = new SweepRunOptions();
        var command = new Command("sweep", "Train and score a grid of models (archs x widths x samples-per-class x seeds), here or as a Slurm array job; finished tasks are skipped, interrupted ones resume.");
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliErrors.Run((async () =>
        {
            var plan = options.Plan(parse);
            var slurm = options.SlurmOptions(parse); // every option is checked before anything is written
            var root = parse.GetValue(options.RunsDir)!;
            Print(root, await TerminalProgress.RunAsync("sweep", line => SweepWorkflow.StartAsync(root, plan, slurm, SlurmRunOptions.VvsCommand, line, cancellationToken)));
            return 0;
        })));
        command.Subcommands.Add(Status());
        command.Subcommands.Add(Collect());
        command.Subcommands.Add(Resume());
        command.Subcommands.Add(TaskCommand());
        return command;
    }

    private static Command Status()
    {
        var root = SweepRunOptions.RunsDirOption();
        var json = JsonOutput.Create("the tasks' states");
        var command = new Command("status", "Each task's state: its run directory (not started, training at epoch k, trained, scored) and Slurm's (pending, running, failed, ...).") { root, json };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var target = JsonOutput.Target(parse, json);
            var report = SweepWorkflow.Status(parse.GetValue(root)!);
            if (JsonOutput.ShowsTable(target)) Console.WriteLine(report.ToMimeBundle()[MimeTypes.Plain]);
            JsonOutput.Write(target, report.Tasks);
            return 0;
        }));
        return command;
    }

    private static Command Collect()
    {
        var root = SweepRunOptions.RunsDirOption();
        var table = new Option<string?>("--table") { Description = "The results table to write (CSV, paper columns; default: results.csv in the sweep folder)" };
        var allowMissing = new Option<bool>("--allow-missing") { Description = "Write the table of the finished tasks even when some are missing" };
        var command = new Command("collect", "Merge the finished tasks' scores into one results table (the paper's columns), ready for vvs fit.") { root, table, allowMissing };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var collection = SweepWorkflow.Collect(parse.GetValue(root)!, parse.GetValue(table), parse.GetValue(allowMissing));
            foreach (var m in collection.Missing) Console.Error.WriteLine($"missing: task {m.Index} ({m.Run}): {SweepReport.Describe(m.Stage, m.Epoch)}");
            Console.WriteLine($"{collection.Rows.Count} rows from {collection.Tasks - collection.Missing.Count} of {collection.Tasks} tasks written to {collection.Table}");
            return 0;
        }));
        return command;
    }

    private static Command Resume()
    {
        var root = SweepRunOptions.RunsDirOption();
        var executor = SweepRunOptions.ExecutorOption();
        var slurm = new SlurmRunOptions();
        var command = new Command("resume", "Run the sweep's unfinished tasks again (here, or resubmitted to Slurm); each resumes from its last checkpoint.") { root, executor };
        slurm.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliErrors.Run((async () =>
        {
            var options = slurm.Options(parse);
            var dir = parse.GetValue(root)!;
            Print(dir, await TerminalProgress.RunAsync("sweep", line => SweepWorkflow.ResumeAsync(dir, parse.GetValue(executor) == "slurm" ? options : null, SlurmRunOptions.VvsCommand, line, cancellationToken)));
            return 0;
        })));
        return command;
    }

    private static Command TaskCommand()
    {
        var root = SweepRunOptions.RunsDirOption();
        var index = new Option<int>("--index") { Description = "The task (0-based; a Slurm array task passes $SLURM_ARRAY_TASK_ID)", Required = true };
        var command = new Command("task", "Train and score one task of a sweep (what each Slurm array task runs).") { root, index };
        command.SetAction((parse, cancellationToken) => CliErrors.Run((async () =>
        {
            var dir = parse.GetValue(root)!;
            var plan = SweepPlan.Load(dir);
            var i = parse.GetValue(index);
            var config = plan.Task(i);
            Console.WriteLine($"task {i}: {config.Name} on {Environment.MachineName}");
            var outcome = await TerminalProgress.RunAsync(config.Name, line => SweepTask.RunAsync(dir, plan, i, line.For(config.Name), cancellationToken));
            Console.WriteLine($"task {i}: {(outcome.Trained ? "trained" : "was trained")}, {outcome.Rows.Count} score rows; {outcome.Result}");
            return 0;
        })));
        return command;
    }

    private static void Print(string root, SweepOutcome outcome)
    {
        if (outcome.Submission is { } s)
        {
            Console.WriteLine($"submitted Slurm job {s.JobId}: {s.Tasks.Count} of {outcome.Report.Tasks.Count} tasks (array {Training.Sweeps.Slurm.SlurmClient.CompressRange(s.Tasks)}), script {Path.Combine(outcome.Report.Root, "slurm", "sweep.sbatch")}");
            Console.WriteLine($"  vvs sweep status --runs-dir {root}    vvs sweep collect --runs-dir {root}");
            return;
        }
        if (outcome.Local.Count == 0)
        {
            Console.WriteLine($"every task of {outcome.Report.Root} is finished: nothing to submit; `vvs sweep collect --runs-dir {root}` writes the table");
            return;
        }
        int trained = outcome.Local.Count(o => o.Trained), skipped = outcome.Local.Count(o => !o.Trained);
        Console.WriteLine($"sweep done: {trained} trained, {skipped} skipped, runs in {outcome.Report.Root}" +
            (outcome.Report.Scored ? $"; `vvs sweep collect --runs-dir {root}` writes the results table" : ""));
    }
}
