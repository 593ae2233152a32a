using System.CommandLine;
using System.Text.Json;
using VvsNotebook.Display;
using VvsNotebook.Figures;
using VvsNotebook.Training.Loop;
using VvsNotebook.Workflow;

using VvsNotebook.Cli.Terminal;

namespace VvsNotebook.Cli.Commands;

/// <summary>
/// <c>vvs study NAME</c>: each study of <see cref="StudyCatalog"/> headless, with the same options as <c>#!study NAME</c>,
/// finished runs read back, <c>--json FILE|-</c>, and progress on stderr.
/// </summary>
public static class StudyCommand
{
    public static Command Create()
    {
        var command = new Command("study", "Studies that train and score many networks.");
        foreach (var study in StudyCatalog.All()) command.Subcommands.Add(For(study));
        return command;
    }

    private static Command For(IStudyRunOptions study)
    {
        var json = JsonOutput.Create("the results");
        var command = new Command(study.Name, study.Description) { json };
        study.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliErrors.Run(async () =>
        {
            study.Validate(parse); // bad values exit 2 before any data is read
            var jsonPath = JsonOutput.Target(parse, json);
            var result = await TerminalProgress.RunAsync($"{study.Name} study", line => study.RunAsync(parse, line, cancellationToken));
            if (JsonOutput.ShowsTable(jsonPath))
            {
                if (result is IMimeRenderable renderable && renderable.ToMimeBundle().TryGetValue(MimeTypes.Plain, out var text)) Console.WriteLine(text);
                foreach (var line in study.SummaryLines(result)) Console.WriteLine(line);
            }
            JsonOutput.Write(jsonPath, result);
            return 0;
        }));
        return command;
    }
}
