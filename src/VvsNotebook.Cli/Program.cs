using System.CommandLine;
using VvsNotebook.Cli.Commands;
using VvsNotebook.Workflow;

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
var parse = root.Parse(args);
// A mistyped command line is bad input (exit 2): its reason in words, not a help page and a .NET type name.
if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
{
    foreach (var error in ParseErrorText.Of(parse)) Console.Error.WriteLine($"error: {error}");
    var names = new List<string>();
    for (Command? c = parse.CommandResult.Command; c is not null and not RootCommand; c = c.Parents.OfType<Command>().FirstOrDefault()) names.Insert(0, c.Name);
    Console.Error.WriteLine($"(see: vvs {string.Join(' ', names.Append("-h"))})");
    return CliErrors.BadInput;
}
return await parse.InvokeAsync();
