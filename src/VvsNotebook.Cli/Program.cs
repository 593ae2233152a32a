using System.CommandLine;

var root = new RootCommand("vvs: scaling laws of brain alignment for models of the primate ventral visual stream.");
// One file per command under Commands/, each exposing `static Command Create()`; register them here.
root.Subcommands.Add(VvsNotebook.Cli.Commands.DataCommand.Create());
root.Subcommands.Add(VvsNotebook.Cli.Commands.FitCommand.Create());
root.Subcommands.Add(new Command("bench", "Benchmarks: ours and the reference side by side.") { VvsNotebook.Cli.Commands.BenchFitCommand.Create() });
return await root.Parse(args).InvokeAsync();
