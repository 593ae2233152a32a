using System.CommandLine;
using VvsNotebook.Data;
using VvsNotebook.Experiments;
using VvsNotebook.Fitting;
using VvsNotebook.Manifests;
using VvsNotebook.Workflow;

namespace VvsNotebook.Interactive.Magics;

/// <summary>
/// <c>#!fit experiment [--bootstraps N] [--grid "alpha=0.1,0.2 e=0"] --out fit</c>: one of the paper's scaling-law fits
/// (or an experiment file) on the released scores, with live progress; the <see cref="ScalingLawFit"/> renders its law,
/// parameters, grid and figure. <c>--grid</c> replaces the named axes of the experiment's grid, as <c>vvs fit --grid</c>;
/// in C# the same is <c>fit.Refit("alpha=0.1,0.2 e=0")</c>.
/// </summary>
public sealed class FitMagic : MagicCommand
{
    private readonly FitRunOptions _options = new();

    public FitMagic() : base("#!fit", "Fit a scaling law (the paper's experiments, 'all', or an experiment file) with optional bootstrap bands")
    {
        _options.Experiment.Arity = ArgumentArity.ExactlyOne;
        AddArgument(_options.Experiment);
        _options.AddTo(Command);
    }

    public override async Task<object?> RunAsync(ParseResult parse, IMagicContext context)
    {
        var experiments = _options.Experiments(parse);
        var tables = new FitRunOptions.Tables(parse, _options);
        var status = context.Display($"fitting {(experiments.Count == 1 ? experiments[0].Experiment.Name : $"{experiments.Count} experiments")}…");
        var fits = new List<ScalingLawFit>();
        foreach (var (experiment, grid) in experiments)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            status.Update($"{experiment.Name}: resolving {experiment.Data}…");
            var table = await tables.For(experiment, context.CancellationToken);
            var progress = new LiveProgress(status, $"[{fits.Count + 1}/{experiments.Count}] {experiment.Name}");
            var fit = await Task.Run(() => _options.Fit(parse, experiment, grid, table, progress, context.CancellationToken), context.CancellationToken);
            fits.Add(fit);
            if (_options.Comparison(parse, fit) is { } comparison) context.Display(comparison);
        }
        if (fits.Count == 1)
        {
            var fit = fits[0];
            status.Update($"{fit.Name}: {fit.Starts} starts (grid {fit.Grid}), {fit.StartsAtBest} at the best loss" + (fit.Bootstrap is { } b ? $", {b.Count} bootstraps" : ""));
            return fit;
        }
        status.Update($"{fits.Count} fits");
        return new Formatting.ScalingLawFitSet(fits, experiments.Select(e => e.Experiment.Figure).ToList());
    }
}
