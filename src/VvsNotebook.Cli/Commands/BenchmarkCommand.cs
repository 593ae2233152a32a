using System.CommandLine;
using System.Text.Json;
using VvsNotebook.Data;
using VvsNotebook.Display;
using VvsNotebook.Files;
using VvsNotebook.Workflow;

using VvsNotebook.Cli.Terminal;

namespace VvsNotebook.Cli.Commands;

/// <summary><c>vvs benchmark</c>: score a model on a benchmark suite, commit layers per region, append to a results table.</summary>
public static class BenchmarkCommand
{
    public static Command Create()
    {
        var options = new BenchmarkRunOptions();
        var output = new Option<FileInfo?>("--append") { Description = "Results table (CSV, paper columns) to append the scores to" };
        var json = JsonOutput.Create("the scores and layer commitments");
        var cmd = new Command("benchmark", "Score a model on a benchmark suite: layer commitment per region, ceiled scores, results table");
        options.AddTo(cmd);
        cmd.Options.Add(output);
        cmd.Options.Add(json);
        cmd.SetAction((p, ct) => Task.FromResult(CliErrors.Run(() =>
        {
            var jsonTarget = JsonOutput.Target(p, json);
            if (p.GetValue(output) is { } table) AtomicFile.CheckWritable(table.FullName, "--append");
            var source = options.Source(p);
            using var owned = source as IDisposable;
            var benchmarks = options.Benchmarks(p, Checkout.Manifests(), ct);
            var runner = options.Runner(p, source);
            var result = TerminalProgress.Run($"benchmark {source.ModelId}", line => runner.Run(source, benchmarks, ct, line));
            var records = options.Records(p, result, source);
            if (p.GetValue(output) is { } outFile) ScoreTable.Append(outFile.FullName, records);
            if (JsonOutput.ShowsTable(jsonTarget)) Console.WriteLine(result.ToMimeBundle()[MimeTypes.Plain]);
            JsonOutput.Write(jsonTarget, new { ModelId = options.TableModelId(p, source), result.Scores, result.Commitments });
            return 0;
        })));
        return cmd;
    }
}
