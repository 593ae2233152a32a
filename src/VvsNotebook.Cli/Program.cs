using System.CommandLine;
using VvsNotebook.Cli.Commands;

var root = new RootCommand("vvs: scaling laws of brain alignment for models of the primate ventral visual stream.");
// One file per command under Commands/, each exposing `static Command Create()`; register them here.
root.Subcommands.Add(DataCommand.Create());
root.Subcommands.Add(FitCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(SweepCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(MetricCommand.Create());
root.Subcommands.Add(BenchmarkCommand.Create());
root.Subcommands.Add(KernelCommand.Create());
root.Subcommands.Add(TorchCommand.Create());
root.Subcommands.Add(StudyCommand.Create());
root.Subcommands.Add(new Command("bench", "Benchmarks: ours and the reference side by side.") { BenchFitCommand.Create() });
return await root.Parse(args).InvokeAsync();
