using System.CommandLine;
using VvsNotebook.Benchmarks;
using VvsNotebook.Data;
using VvsNotebook.Workflow;

namespace VvsNotebook.Interactive.Magics;

/// <summary>
/// <c>#!benchmark --run runs/… --out scores</c>: scores a model (a finished training run or a built-in feature
/// extractor) on a benchmark suite with per-region layer commitment and live progress; the
/// <see cref="BenchmarkRun"/> renders its score table and per-region bars. <c>--append</c> adds the rows to a
/// results table, with a trained run's N, D and C, ready for <c>#!fit</c>-style analysis.
/// </summary>
public sealed class BenchmarkMagic : MagicCommand
{
    private readonly BenchmarkRunOptions _options = new();
    private readonly Option<string?> _append = new("--append") { Description = "Results table (CSV, paper columns) to append the scores to" };

    public override bool NeedsTorch(ParseResult parse) => _options.NeedsTorch(parse);

    public BenchmarkMagic() : base("#!benchmark", "Score a model for brain alignment: layer commitment per region, ceiled scores, per-region bars")
    {
        _options.AddTo(Command);
        Command.Add(_append);
    }

    public override async Task<object?> RunAsync(ParseResult parse, IMagicContext context)
    {
        var source = _options.Source(parse);
        using var owned = source as IDisposable; // a trained network's tensors are freed with the cell
        var status = context.Display($"{source.ModelId}: building the {parse.GetValue(_options.Suite)} suite…");
        var runner = _options.Runner(parse, source);
        var progress = new LiveProgress(status);
        // The suite is built on the worker too, so an interrupt while it is made stops the cell like one while it scores.
        var result = await Task.Run(() => runner.Run(source, _options.Benchmarks(parse, Checkout.Manifests(), context.CancellationToken),
            context.CancellationToken, progress), context.CancellationToken);
        status.Update($"{source.ModelId}: {result.Scores.Count} benchmarks scored");
        if (parse.GetValue(_append) is { } table)
        {
            ScoreTable.Append(table, _options.Records(parse, result, source));
            status.Update($"{source.ModelId}: {result.Scores.Count} benchmarks scored; rows appended to {Path.GetFullPath(table)}");
        }
        return result;
    }
}
