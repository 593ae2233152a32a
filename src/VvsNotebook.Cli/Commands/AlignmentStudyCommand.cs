using System.CommandLine;
using System.Text.Json;
using VvsNotebook.Figures;
using VvsNotebook.Interactive.Magics;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Studies;

namespace VvsNotebook.Cli.Commands;

/// <summary><c>vvs study alignment</c>: the seed-004 alignment study headless, with resume of finished runs.</summary>
public static class AlignmentStudyCommand
{
    public static Command Create()
    {
        var options = new AlignmentStudyRunOptions();
        var json = new Option<string?>("--json") { Description = "Write the results as JSON to this file ('-' for stdout)." };
        var command = new Command("alignment", "Train networks with alpha * alignment loss + beta * task loss towards or away from a reference (Gabor oracle, a network, brain ROIs); trace accuracy against alignment (seed 004).")
        { json };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliErrors.Run(async () =>
        {
            options.Options(parse); // bad values exit 2 before any data is read
            var jsonPath = parse.GetValue(json);
            if (jsonPath is not null and not "-" && Path.GetDirectoryName(Path.GetFullPath(jsonPath)) is { } folder && !Directory.Exists(folder))
                throw new DirectoryNotFoundException($"The folder of --json {jsonPath} does not exist.");
            var result = await Task.Run(() => options.Run(parse, new StderrReport(), cancellationToken), cancellationToken);
            if (jsonPath != "-") Console.WriteLine(result.ToMimeBundle()[Display.MimeTypes.Plain]);
            Console.Error.WriteLine($"study done in {result.Seconds:0} s ({result.TrainedRuns} networks trained, {result.Rows.Count - result.TrainedRuns} read back)");
            if (jsonPath is not null)
            {
                var text = JsonSerializer.Serialize(result, RunFiles.Json);
                if (jsonPath == "-") Console.WriteLine(text);
                else AtomicFile.WriteAllText(jsonPath, text + "\n");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>A line per network and stage on stderr, and a live training line when stderr is a terminal.</summary>
    private sealed class StderrReport : IProgress<AlignmentStudyProgress>
    {
        private DateTime _lastDraw = DateTime.MinValue;

        public void Report(AlignmentStudyProgress p)
        {
            if (p.Training is not null)
            {
                if (Console.IsErrorRedirected || (DateTime.UtcNow - _lastDraw).TotalMilliseconds < 200) return;
                _lastDraw = DateTime.UtcNow;
                Console.Error.Write($"\r{p}   ");
                return;
            }
            if (!Console.IsErrorRedirected) Console.Error.Write("\r");
            Console.Error.WriteLine(p.ToString());
        }
    }
}
