using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VvsNotebook.Data;
using VvsNotebook.Experiments;
using VvsNotebook.Figures;
using VvsNotebook.Files;
using VvsNotebook.Fitting;
using VvsNotebook.Fitting.Bootstrap;
using VvsNotebook.Manifests;

using VvsNotebook.Training.Sweeps.Slurm;
using VvsNotebook.Workflow;

using VvsNotebook.Cli.Terminal;

namespace VvsNotebook.Cli.Commands;

/// <summary><c>vvs fit &lt;experiment&gt;|all</c>: the paper's scaling-law fits (or a user's experiment file), with bootstrap bands.</summary>
public static class FitCommand
{
    public static Command Create()
    {
        var options = new FitRunOptions();
        var json = JsonOutput.Create("the fits (an array)");
        var plot = new Option<string?>("--plot")
        {
            Description = "Write an HTML figure (several experiments: FILE_<name>.html) that opens offline; plotly.js is written once beside it.",
        };
        var selfContained = new Option<bool>("--plot-self-contained") { Description = "Inline plotly.js (4.8 MB) into each --plot page, for a page sent alone." };
        var list = new Option<bool>("--list") { Description = "List the experiments (the paper's, in figure order, and --experiments-dir's), then stop." };
        var clearCache = new Option<bool>("--clear-cache")
        {
            Description = "Delete the cached fits ($XDG_CACHE_HOME/vvsnotebook/fits or ~/.cache/vvsnotebook/fits), then fit the experiment if one is named.",
        };
        var executor = new Option<string>("--executor") { Description = "Where the bootstraps run: local (this machine) or slurm (split across array tasks, --tasks)", DefaultValueFactory = _ => "local" };
        executor.AcceptOnlyFromAmong("local", "slurm");
        var tasks = new Option<int>("--tasks") { Description = "--executor slurm: array tasks the bootstraps are split across", DefaultValueFactory = _ => 10 }.AtLeast(1);
        var runsDir = new Option<string?>("--runs-dir") { Description = "--executor slurm: folder of the job script, logs and parts (default: runs/bootstrap-<experiment>-b<B>-s<seed>-k<tasks>)" };
        var part = new Option<int?>("--bootstrap-part") { Description = "Compute only this part of the split bootstrap into --runs-dir (what each array task runs)", Hidden = true };
        var slurm = new SlurmRunOptions();
        var command = new Command("fit", "Fit the paper's scaling laws (all 43 experiments, or one, or your own experiment file) from the released scores.")
        {
            options.Experiment, json, plot, selfContained, list, clearCache, executor, tasks, runsDir, part,
        };
        options.AddTo(command);
        slurm.AddTo(command);
        command.SetAction((parse, ct) => CliErrors.Run(() =>
        {
            var distributed = parse.GetValue(executor) == "slurm" || parse.GetValue(part) is not null
                ? new Distribution(parse.GetValue(tasks), parse.GetValue(runsDir), parse.GetValue(part), parse.GetValue(part) is null ? slurm.Options(parse) : null)
                : null;
            return RunAsync(parse, options, JsonOutput.Target(parse, json), parse.GetValue(plot), parse.GetValue(selfContained),
                parse.GetValue(list), parse.GetValue(clearCache), ct, distributed);
        }));
        return command;
    }

    /// <summary>A bootstrap split across Slurm array tasks: the submitting command (<see cref="Slurm"/> set) or one task (<see cref="Part"/>).</summary>
    private sealed record Distribution(int Tasks, string? RunsDir, int? Part, SlurmOptions? Slurm)
    {
        public string Directory(string experiment, int resamples, ulong seed) =>
            Path.GetFullPath(RunsDir ?? SlurmBootstrap.DefaultDirectory(experiment, resamples, seed, Tasks));
    }

    private static async Task<int> RunAsync(ParseResult parse, FitRunOptions options, string? jsonPath, string? plotPath, bool selfContained,
        bool list, bool clearCache, CancellationToken ct, Distribution? distributed)
    {
        var target = parse.GetValue(options.Experiment);
        var bootstraps = parse.GetValue(options.Bootstraps);
        var noCache = parse.GetValue(options.NoCache);
        if (list)
        {
            foreach (var e in options.Catalog(parse).InFigureOrder)
                Console.WriteLine($"{e.Name,-30} {e.Figure ?? "(no figure)",-44} {Fitting.Laws.LawForms.Key(e.Fit.Form),-14} x: {string.Join(", ", e.Fit.X)}");
            return 0;
        }
        if (clearCache)
        {
            var c = FitCache.Default();
            Console.Error.WriteLine($"removed {c.Clear()} cached fit(s) from {c.Directory}");
            if (target is null) return 0;
        }
        var experiments = options.Experiments(parse); // every grid is checked before the first fit runs
        if (distributed is not null)
        {
            if (target == "all") throw new ArgumentException("--executor slurm splits one experiment's bootstraps: name the experiment (run one command per experiment).");
            if (bootstraps < 1) throw new ArgumentException("--executor slurm splits the bootstraps across tasks: give --bootstraps, e.g. --bootstraps 1000.");
            BootstrapSlice.Part(bootstraps, distributed.Tasks, distributed.Part ?? 0); // --tasks and --bootstrap-part within range
        }
        // Check the output locations before hours of bootstraps, not after.
        if (plotPath is not null)
        {
            AtomicFile.CheckWritable(plotPath, "--plot");
            _ = PlotlyJs.Script; // a missing VVS_PLOTLY_JS fails now, not after the fits
        }

        var tables = new FitRunOptions.Tables(parse, options);
        var results = new List<ScalingLawFit>();
        var total = Stopwatch.StartNew();
        foreach (var (e, grid) in experiments)
        {
            var table = await tables.For(e, ct);
            var watch = Stopwatch.StartNew();
            var fit = await TerminalProgress.RunAsync(e.Name, line => Task.Run(() => options.Fit(parse, e, grid, table, line.For(e.Name), ct, distributed is null ? null : 0), ct));
            if (distributed is not null)
            {
                var s = (ulong?)parse.GetValue(options.Seed) ?? e.Fit.Seed;
                var dir = distributed.Directory(e.Name, bootstraps, s);
                if (distributed.Part is { } k)
                {
                    var written = await TerminalProgress.RunAsync(e.Name, line => Task.Run(() => SlurmBootstrap.RunPart(dir, fit, bootstraps, s, distributed.Tasks, k, line.For(e.Name), ct), ct));
                    Console.WriteLine($"{e.Name}: bootstrap part {k} of {distributed.Tasks} (replicates {written.First} to {written.First + written.Parameters.Count - 1}) written to {SlurmBootstrap.PartPath(dir, k)}");
                    return 0;
                }
                List<string> command = [.. SlurmRunOptions.VvsCommand(), "fit", target!, "--bootstraps", $"{bootstraps}", "--seed", $"{s}", "--tasks", $"{distributed.Tasks}", "--runs-dir", dir];
                if (parse.GetValue(options.Grid) is { } g) command.AddRange(["--grid", g]);
                if (parse.GetValue(options.ExperimentsDir) is { } x) command.AddRange(["--experiments-dir", Path.GetFullPath(x)]);
                if (parse.GetValue(options.DataDir) is { } d) command.AddRange(["--data-dir", Path.GetFullPath(d)]);
                if (parse.GetValue(options.Threads) is { } t) command.AddRange(["--threads", $"{t}"]);
                if (noCache) command.Add("--no-cache");
                fit = fit.WithBootstrap(await SlurmBootstrap.Distribute(dir, fit, bootstraps, s, distributed.Tasks, distributed.Slurm!, command, ct));
            }
            results.Add(fit);
            if (JsonOutput.ShowsTable(jsonPath)) Console.WriteLine(Describe(fit, e.Figure, watch.Elapsed, parse.GetValue(options.Grid) is not null));
            foreach (var warning in fit.Warnings) Console.Error.WriteLine($"warning: {e.Name}: {warning}");
            if (options.Comparison(parse, fit) is { } comparison && JsonOutput.ShowsTable(jsonPath))
                foreach (var line in comparison.Lines()) Console.WriteLine(line);
        }
        Console.Error.WriteLine($"{results.Count} fit(s) in {total.Elapsed.TotalSeconds:0.0} s");

        JsonOutput.WriteText(jsonPath, new JsonArray(results.Select(r => (JsonNode?)WithComparison(FitJson.ToJson(r), options.Comparison(parse, r))).ToArray())
            .ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        if (plotPath is not null)
            foreach (var fit in results)
            {
                var path = results.Count == 1 ? plotPath
                    : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(plotPath))!, $"{Path.GetFileNameWithoutExtension(plotPath)}_{fit.Name}.html");
                var xExtend = fit.Form == Fitting.Laws.LawForm.Chinchilla ? 1.0 : 10.0;
                fit.Plot(xExtend).WriteHtml(path, fit.Name, selfContained);
            }
        return 0;
    }

    private static string Describe(ScalingLawFit fit, string? figure, TimeSpan elapsed, bool showGrid)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{fit.Name,-30} n={fit.Data.Count,-4} {fit.Law,-44} loss {fit.Loss:G5}  {fit.StartsAtBest}/{fit.Starts} starts at best  ({elapsed.TotalSeconds:0.00} s)")
            + (figure is null ? "" : $"  [{figure}]");
        if (showGrid) line += $"\n{"",30} grid {fit.Grid}";
        if (fit.Bootstrap is { } b)
        {
            var lo = b.ParameterPercentile(2.5);
            var hi = b.ParameterPercentile(97.5);
            var alphaIndex = fit.ParameterNames.ToList().IndexOf("alpha");
            line += string.Create(CultureInfo.InvariantCulture,
                $"\n{"",30} 95% CI ({b.Count} bootstraps, seed {b.Seed}): S_hat [{1 - Math.Exp(hi[0]):0.###}, {1 - Math.Exp(lo[0]):0.###}], " +
                $"alpha [{lo[alphaIndex]:0.###}, {hi[alphaIndex]:0.###}]");
        }
        if (fit.Allocation is { } al)
            line += string.Create(CultureInfo.InvariantCulture,
                $"\n{"",30} compute-optimal: N* ~ C^{al.NExponent:0.###}, D* ~ C^{al.DExponent:0.###}, G = {al.G:0.####}, C = {al.M:0.##} (ND)^{al.N:0.####} (scaled units)");
        return line;
    }

    private static JsonObject WithComparison(JsonObject fit, PaperComparison? comparison)
    {
        if (comparison is not null)
            fit["paper"] = new JsonArray(comparison.Values.Select(v => (JsonNode?)new JsonObject
            {
                ["quantity"] = v.Quantity, ["ours"] = v.Ours, ["paper"] = v.Paper, ["source"] = v.Source, ["agrees"] = v.Agrees,
            }).ToArray());
        return fit;
    }
}
