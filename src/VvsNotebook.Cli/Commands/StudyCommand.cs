using System.CommandLine;
using System.Text.Json;
using VvsNotebook.Figures;
using VvsNotebook.Interactive.Magics;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Studies;

namespace VvsNotebook.Cli.Commands;

/// <summary><c>vvs study learning-rules</c>: the seed-003 study headless, with resume of finished runs.</summary>
public static class StudyCommand
{
    public static Command Create()
    {
        var study = new Command("study", "Studies that train and score many networks.");
        study.Subcommands.Add(LearningRules());
        study.Subcommands.Add(AlignmentStudyCommand.Create());
        return study;
    }

    private static Command LearningRules()
    {
        var options = new LearningRuleStudyRunOptions();
        var json = new Option<string?>("--json") { Description = "Write the results as JSON to this file ('-' for stdout)." };
        var command = new Command("learning-rules", "Train identical CNNs with BP, feedback alignment, predictive coding, STDP and none; compare them with brain ROIs by RSA (seed 003).")
        { json };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliErrors.Run(async () =>
        {
            options.Options(parse); // bad values exit 2 before any data is read
            var jsonPath = parse.GetValue(json);
            if (jsonPath is not null and not "-" && Path.GetDirectoryName(Path.GetFullPath(jsonPath)) is { } folder && !Directory.Exists(folder))
                throw new DirectoryNotFoundException($"The folder of --json {jsonPath} does not exist.");
            var result = await Task.Run(() => options.Run(parse, new StudyReport(), cancellationToken), cancellationToken);
            if (jsonPath != "-") Print(result);
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

    private static void Print(LearningRuleStudyResult result)
    {
        Console.WriteLine(result.ToMimeBundle()[Display.MimeTypes.Plain]);
        var significant = result.Pairwise.Where(p => p.Significant).ToList();
        Console.WriteLine($"pairwise comparisons: {significant.Count} of {result.Pairwise.Count} significant at FDR {result.Options.FdrAlpha}");
        foreach (var p in significant)
            Console.WriteLine($"  {p.Roi,-4} {p.RuleA,-9} vs {p.RuleB,-9} delta rho {p.DeltaRho,7:+0.000;-0.000}  q {p.Q:0.0000}");
        foreach (var r in result.Reliability)
            Console.WriteLine($"  {r.Roi,-4} split-half {r.SplitHalf:0.000}  noise ceiling {r.NoiseCeilingLower:0.000}-{r.NoiseCeilingUpper:0.000}  inter-subject {r.InterSubject:0.000}");
        Console.Error.WriteLine($"study done in {result.Seconds:0} s ({result.TrainedRuns} networks)");
    }

    /// <summary>A line per network on stderr, and a live training line when stderr is a terminal.</summary>
    private sealed class StudyReport : IProgress<StudyProgress>
    {
        private DateTime _lastDraw = DateTime.MinValue;

        public void Report(StudyProgress p)
        {
            if (p.Training is { } t)
            {
                if (Console.IsErrorRedirected || (DateTime.UtcNow - _lastDraw).TotalMilliseconds < 200) return;
                _lastDraw = DateTime.UtcNow;
                Console.Error.Write($"\r[{p.Index}/{p.Count}] {p.Run}: epoch {t.Epoch + 1}/{t.Epochs} batch {t.Batch}/{t.Batches} loss {t.Loss:F4}   ");
                return;
            }
            if (!Console.IsErrorRedirected) Console.Error.Write("\r");
            Console.Error.WriteLine(p.Stage == "score" ? $"[{p.Index}/{p.Count}] {p.Run}: scoring" : $"{p.Run}");
        }
    }
}
