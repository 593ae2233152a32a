using System.CommandLine;
using VvsNotebook.Data;
using VvsNotebook.Experiments;
using VvsNotebook.Fitting;
using VvsNotebook.Manifests;

namespace VvsNotebook.Interactive.Magics;

/// <summary>
/// <c>#!fit experiment [--bootstraps N] [--grid "alpha=0.1,0.2 e=0"] --out fit</c>: one of the paper's scaling-law fits
/// (or an experiment file) on the released scores, with live progress; the <see cref="ScalingLawFit"/> renders its law,
/// parameters, grid and figure. <c>--grid</c> replaces the named axes of the experiment's grid, as <c>vvs fit --grid</c>;
/// in C# the same is <c>fit.Refit("alpha=0.1,0.2 e=0")</c>.
/// </summary>
public sealed class FitMagic : MagicCommand
{
    private readonly Argument<string?> _experiment = new("experiment")
    {
        Description = "An experiment name (see completions) or a path to an experiment .yaml file",
        Arity = ArgumentArity.ExactlyOne,
    };

    private readonly Option<int?> _bootstraps = new("--bootstraps") { Description = "Bootstrap resamples (default: none; the paper used 1000)" };
    private readonly Option<ulong?> _seed = new("--seed") { Description = "Bootstrap seed (default: the experiment's, 42 for the paper)" };
    private readonly Option<int?> _threads = new("--threads") { Description = "Worker threads (default: all cores)" };
    private readonly Option<string?> _dataDir = DataDirOption();
    private readonly Option<string?> _experimentsDir = new("--experiments-dir") { Description = "Also load experiments from this folder's *.yaml files" };
    private readonly Option<string?> _grid = GridOption();
    private readonly Option<bool> _noCache = new("--no-cache") { Description = "Compute the fit even if it is cached (~/.cache/vvsnotebook/fits), and do not store it" };

    public FitMagic() : base("#!fit", "Fit a scaling law (the paper's experiments or an experiment file) with optional bootstrap bands")
    {
        _experiment.CompletionSources.Add(_ => ExperimentCatalog.Paper.Names);
        _bootstraps.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 0) r.AddError("--bootstraps must be 0 or more."); });
        _threads.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is <= 0) r.AddError("--threads must be positive."); });
        AddArgument(_experiment);
        foreach (var option in new Option[] { _bootstraps, _seed, _threads, _dataDir, _experimentsDir, _grid, _noCache }) Command.Add(option);
    }

    public override async Task<object?> RunAsync(ParseResult parse, IMagicContext context)
    {
        var experiment = NotebookCatalogs.Experiments(parse.GetValue(_experimentsDir)).Get(parse.GetValue(_experiment)!);
        InitialGrid? grid;
        try
        {
            grid = GridFor(experiment, parse.GetValue(_grid));
        }
        catch (ArgumentException e)
        {
            throw new MagicException($"{Name}: {e.Message}");
        }
        var (_, file) = NotebookCatalogs.Manifests().Find(experiment.Data);
        var status = context.Display($"{experiment.Name}: resolving {experiment.Data}…");
        var resolved = await DataResolver.FromEnvironment(parse.GetValue(_dataDir)).ResolveAsync(file, null, context.CancellationToken);
        var table = ScoreTable.Read(resolved.Path);
        var progress = new ThrottledProgress<FitProgress>(p => status.Update($"{experiment.Name}: {p.Stage} {p.Done}/{p.Total}"));
        var fit = await Task.Run(() => ExperimentRunner.Run(experiment, table, parse.GetValue(_bootstraps) ?? 0, parse.GetValue(_seed),
            progress, context.CancellationToken, parse.GetValue(_threads), parse.GetValue(_noCache) ? null : FitCache.Default(), grid),
            context.CancellationToken);
        status.Update($"{experiment.Name}: {fit.Starts} starts (grid {fit.Grid}), {fit.StartsAtBest} at the best loss"
            + (fit.Bootstrap is { } b ? $", {b.Count} bootstraps" : ""));
        return fit;
    }
}
