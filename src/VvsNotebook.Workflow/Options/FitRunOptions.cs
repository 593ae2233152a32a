using System.CommandLine;
using VvsNotebook.Data;
using VvsNotebook.Experiments;
using VvsNotebook.Fitting;
using VvsNotebook.Manifests;

namespace VvsNotebook.Workflow;

/// <summary>
/// The options of a scaling-law fit, shared by <c>vvs fit</c> and <c>#!fit</c>: which experiments (a name, a YAML file,
/// or <c>all</c> in the paper's figure order), bootstraps, seed, threads, grid, cache and data folders, with the
/// experiments resolved, grids checked and tables read the same way for both.
/// </summary>
public sealed class FitRunOptions
{
    public Argument<string?> Experiment { get; } = new("experiment")
    {
        Description = "An experiment name, 'all' (the paper's 43, in figure order), or a path to an experiment .yaml file",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public Option<int> Bootstraps { get; } = new Option<int>("--bootstraps") { Description = "Bootstrap resamples per fit (the paper used 1000; default 0: none)" }.Resamples();
    public Option<int?> Seed { get; } = SharedOptions.OptionalSeed("Bootstrap seed (default: the experiment's, 42 for the paper)");
    public Option<int?> Threads { get; } = new Option<int?>("--threads") { Description = "Worker threads (default: all cores)" }.AtLeast(1);
    public Option<string?> DataDir { get; } = SharedOptions.DataDir();
    public Option<string?> ExperimentsDir { get; } = new("--experiments-dir") { Description = "Also load experiments from this folder's *.yaml files" };
    public Option<string?> Grid { get; } = SharedOptions.Grid();
    public Option<bool> ComparePaper { get; } = new("--compare-paper") { Description = "Show our numbers beside those the paper prints for the experiment (S_hat, A, alpha; allocation exponents)" };
    public Option<bool> NoCache { get; } = new("--no-cache") { Description = "Compute every fit, neither reading nor writing the fit cache (~/.cache/vvsnotebook/fits)" };

    public FitRunOptions() => Experiment.CompletionSources.Add(_ => ["all", .. ExperimentCatalog.Paper.Names]);

    /// <summary>Adds the options (not the experiment argument: a magic adds it with its own checks).</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Bootstraps, Seed, Threads, DataDir, ExperimentsDir, Grid, ComparePaper, NoCache }) command.Options.Add(option);
    }

    /// <summary>The catalog: the paper's experiments, a checkout's, and <c>--experiments-dir</c>'s.</summary>
    public ExperimentCatalog Catalog(ParseResult parse) => Checkout.Experiments(parse.GetValue(ExperimentsDir));

    /// <summary>The named experiment, or every one (figure order) for <c>all</c>; each one's <c>--grid</c> is checked here, before any fit.</summary>
    public IReadOnlyList<(Experiment Experiment, InitialGrid? Grid)> Experiments(ParseResult parse)
    {
        var target = parse.GetValue(Experiment) ?? throw new ArgumentException("Name an experiment (or 'all'); `vvs fit --list` lists them.");
        var catalog = Catalog(parse);
        IReadOnlyList<Experiment> experiments = target == "all" ? catalog.InFigureOrder : [catalog.Get(target)];
        if (parse.GetValue(ComparePaper) && target != "all") PaperComparison.RequirePublished(experiments[0].Name);
        return experiments.Select(e => (e, SharedOptions.GridFor(e, parse.GetValue(Grid)))).ToList();
    }

    /// <summary>Reads the results table an experiment names (a manifest file, or a CSV path), once per table.</summary>
    public sealed class Tables(ParseResult parse, FitRunOptions options)
    {
        private readonly Dictionary<string, IReadOnlyList<ScoreRecord>> _read = [];
        private readonly DataResolver _resolver = DataResolver.FromEnvironment(parse.GetValue(options.DataDir));
        private readonly ManifestCatalog _manifests = Checkout.Manifests();

        public async Task<IReadOnlyList<ScoreRecord>> For(Experiment experiment, CancellationToken cancellationToken)
        {
            if (_read.TryGetValue(experiment.Data, out var table)) return table;
            if (Path.IsPathRooted(experiment.Data))
            {
                if (!File.Exists(experiment.Data))
                    throw new FileNotFoundException($"{experiment.Name}: its data table {experiment.Data} does not exist; write it with `vvs benchmark --append` or `vvs sweep collect`, or fix the experiment's data: path (relative to its YAML file).", experiment.Data);
                return _read[experiment.Data] = ScoreTable.Read(experiment.Data);
            }
            var (_, file) = _manifests.Find(experiment.Data);
            var resolved = await _resolver.ResolveAsync(file, null, cancellationToken);
            return _read[experiment.Data] = ScoreTable.Read(resolved.Path);
        }
    }

    /// <summary>The fit beside the paper's numbers when <c>--compare-paper</c> is given and the paper prints some for it; else null.</summary>
    public PaperComparison? Comparison(ParseResult parse, ScalingLawFit fit) =>
        parse.GetValue(ComparePaper) && fit.Name is { } name && PaperComparison.Published.ContainsKey(name) ? PaperComparison.Of(fit) : null;

    /// <summary>Fits one experiment as the options say (<paramref name="bootstraps"/> replaces <c>--bootstraps</c> when given).</summary>
    public ScalingLawFit Fit(ParseResult parse, Experiment experiment, InitialGrid? grid, IReadOnlyList<ScoreRecord> table,
        IProgress<FitProgress>? progress, CancellationToken cancellationToken, int? bootstraps = null) =>
        ExperimentRunner.Run(experiment, table, bootstraps ?? parse.GetValue(Bootstraps), (ulong?)parse.GetValue(Seed), progress, cancellationToken,
            parse.GetValue(Threads), parse.GetValue(NoCache) ? null : FitCache.Default(), grid);
}
