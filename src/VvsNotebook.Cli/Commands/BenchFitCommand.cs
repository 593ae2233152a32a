using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VvsNotebook.Data;
using VvsNotebook.Experiments;
using VvsNotebook.Fitting;
using VvsNotebook.Fitting.Laws;
using VvsNotebook.Fitting.Optimization;
using VvsNotebook.Manifests;

using VvsNotebook.Workflow;

namespace VvsNotebook.Cli.Commands;

/// <summary>
/// <c>vvs bench fit</c>: our fitter and the scipy reference (bench/fit/scipy_reference.py: numeric-gradient BFGS on
/// the same objective, like the original pipeline) side by side, with times and their ratio.
/// </summary>
public static class BenchFitCommand
{
    public static Command Create()
    {
        var every = new Option<int>("--scipy-every") { Description = "scipy runs every K-th start of each grid and is extrapolated to the full grid (1 = full grid).", DefaultValueFactory = _ => 10 };
        var bootstraps = new Option<int>("--bootstraps") { Description = "Our bootstrap resamples per experiment (1000: the paper's full run, measured; fewer are scaled to 1000; 0 skips).", DefaultValueFactory = _ => 10 };
        var threads = new Option<int?>("--threads") { Description = "Our worker threads (default: all cores)." };
        var names = new Option<string?>("--experiments") { Description = "Comma-separated experiment names (default: all 43)." };
        var python = new Option<string>("--python") { Description = "Python with numpy and scipy.", DefaultValueFactory = _ => "/usr/bin/python3" };
        var dataDir = SharedOptions.DataDir();
        var command = new Command("fit", "Scaling-law fits: ours vs scipy BFGS with numeric gradients, times and ratio.")
        {
            every, bootstraps, threads, names, python, dataDir,
        };
        command.SetAction((parse, ct) => CliErrors.Run(() => RunAsync(parse.GetValue(every), parse.GetValue(bootstraps), parse.GetValue(threads),
            parse.GetValue(names), parse.GetValue(python)!, parse.GetValue(dataDir), ct)));
        return command;
    }

    private sealed record Row(Experiment Experiment, FitData Data, InitialGrid Grid, int[] Subset);

    private static async Task<int> RunAsync(int every, int bootstraps, int? threads, string? names, string python, string? dataDir, CancellationToken ct)
    {
        if (every < 1) throw new ArgumentException("--scipy-every must be at least 1.");
        if (bootstraps < 0) throw new ArgumentException("--bootstraps must be 0 or more.");
        var script = Checkout.Folder("bench") is { } b ? Path.Combine(b, "fit", "scipy_reference.py") : null;
        if (script is null || !File.Exists(script)) throw new FileNotFoundException("bench/fit/scipy_reference.py not found; run from a checkout.");

        var catalog = ExperimentCatalog.Paper;
        var experiments = names is null ? catalog.Experiments : names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(catalog.Get).ToArray();
        var (_, file) = Checkout.Manifests().Find("scaling-primate-vvs/benchmark_scores.csv");
        var table = ScoreTable.Read((await DataResolver.FromEnvironment(dataDir).ResolveAsync(file, null, ct)).Path);
        var rows = experiments.Select(e =>
        {
            var grid = new InitialGrid(e.Fit.Init);
            return new Row(e, e.Prepare(table), grid, Enumerable.Range(0, grid.Count).Where(i => i % every == 0).ToArray());
        }).ToArray();
        var cores = threads ?? Environment.ProcessorCount;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}; ours uses {cores} thread(s), scipy 1 process");

        // Warm the JIT up on a small fit first, so the timings below are steady-state (said in the output).
        var warm = catalog.Get("simclr_v1");
        ScalingLawFitter.For(warm).Fit(warm.Prepare(table), null, ct);
        Console.WriteLine("(ours timed after one untimed warm-up fit of simclr_v1)");

        // Ours: every experiment, full grid.
        var ours = new Dictionary<string, (double Seconds, ScalingLawFit Fit)>();
        var cpuStart = CpuSeconds();
        var total = Stopwatch.StartNew();
        foreach (var r in rows)
        {
            var w = Stopwatch.StartNew();
            var fit = (ScalingLawFitter.For(r.Experiment) with { MaxDegreeOfParallelism = cores }).Fit(r.Data, null, ct);
            ours[r.Experiment.Name] = (w.Elapsed.TotalSeconds, fit);
        }
        var oursTotal = total.Elapsed.TotalSeconds;
        var oursCpu = CpuSeconds() - cpuStart;

        // scipy: the same starts (every K-th), sequentially in one process, timed per fit by the script itself.
        Console.Error.WriteLine($"running scipy on every {every}. start of each grid ...");
        var request = new JsonObject
        {
            ["fits"] = new JsonArray(rows.Select(r => (JsonNode?)new JsonObject
            {
                ["name"] = r.Experiment.Name, ["form"] = r.Experiment.Fit.Form.Key(), ["delta"] = r.Experiment.Fit.Delta,
                ["x"] = new JsonArray(r.Data.X.Select(c => (JsonNode?)new JsonArray(c.Select(v => (JsonNode?)v).ToArray())).ToArray()),
                ["y"] = new JsonArray(r.Data.Y.Select(v => (JsonNode?)v).ToArray()),
                ["starts"] = new JsonArray(r.Subset.Select(i => (JsonNode?)new JsonArray(r.Grid.Start(i).Select(v => (JsonNode?)v).ToArray())).ToArray()),
            }).ToArray()),
        };
        var scipy = RunPython(python, script, request.ToJsonString(), ct)
            .Select(l => JsonNode.Parse(l)!).ToDictionary(n => (string)n["name"]!, n => ((double)n["seconds"]!, (double)n["loss"]!, (double)n["cpu_seconds"]!));

        Console.WriteLine();
        Console.WriteLine($"{"experiment",-30} {"n",4} {"starts",6} {"ours s",8} {"scipy s",9} {"(measured",10} {"on",5})  {"ratio",7}  {"loss rel. diff",15}");
        double scipyFull = 0, scipyCpuFull = 0;
        foreach (var r in rows)
        {
            var (oursSeconds, fit) = ours[r.Experiment.Name];
            var (scipySeconds, scipyLoss, scipyCpu) = scipy[r.Experiment.Name];
            var estimate = scipySeconds * r.Grid.Count / r.Subset.Length;
            scipyFull += estimate;
            scipyCpuFull += scipyCpu * r.Grid.Count / r.Subset.Length;
            // Same starts on our side, to compare optima like for like.
            var objective = new HuberLseObjective(r.Experiment.Fit.Form, r.Data.X, r.Data.Y, r.Experiment.Fit.Delta);
            var oursSubset = r.Subset.Min(i => Bfgs.Minimize(objective.Evaluate, r.Grid.Start(i)).Value);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Experiment.Name,-30} {r.Data.Count,4} {r.Grid.Count,6} {oursSeconds,8:0.000} {estimate,9:0.0} {scipySeconds,10:0.00} {r.Subset.Length,5})  {estimate / oursSeconds,7:0}x  {(oursSubset - scipyLoss) / scipyLoss,15:+0.0e+0;-0.0e+0;0}"));
        }
        Console.WriteLine();
        var note = every == 1 ? "measured" : $"extrapolated from every {every}. start";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{rows.Length}-fit total (no bootstraps): ours {oursTotal:0.00} s wall on {cores} thread(s); scipy {scipyFull:0} s on 1 core ({note}); ratio {scipyFull / oursTotal:0}x"));
        // CPU seconds do not depend on how busy a shared machine is; wall time on an idle machine is about CPU / cores.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  CPU time: ours {oursCpu:0.00} core-s (idle {cores}-core estimate {oursCpu / cores:0.00} s wall); scipy {scipyCpuFull:0} core-s; CPU ratio {scipyCpuFull / oursCpu:0}x"));
        Console.WriteLine("loss rel. diff = (ours - scipy) / scipy over the same starts; negative means ours found a lower loss.");

        if (bootstraps > 0)
        {
            Console.Error.WriteLine($"running our bootstraps ({bootstraps} per experiment) ...");
            Console.WriteLine();
            Console.WriteLine($"{"experiment",-30} {"ours s",8} {"(for",5} {"B)",3}  {"scipy s/fit",11} {"scipy s for B",13}  {"ratio",7}");
            var watch = Stopwatch.StartNew();
            var bootCpuStart = CpuSeconds();
            foreach (var r in rows)
            {
                var fitter = ScalingLawFitter.For(r.Experiment) with { MaxDegreeOfParallelism = cores };
                var w = Stopwatch.StartNew();
                fitter.Bootstrap(ours[r.Experiment.Name].Fit, bootstraps, r.Experiment.Fit.Seed, null, ct);
                var seconds = w.Elapsed.TotalSeconds;
                // A replicate in the original pipeline is a full-grid scipy fit on n resampled rows: its per-fit cost.
                var scipyFit = scipy[r.Experiment.Name].Item1 * r.Grid.Count / r.Subset.Length;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Experiment.Name,-30} {seconds,8:0.00} {bootstraps,5}     {scipyFit,11:0.0} {scipyFit * bootstraps,13:0}  {scipyFit * bootstraps / seconds,7:0}x"));
            }
            var measured = watch.Elapsed.TotalSeconds;
            var bootCpu = CpuSeconds() - bootCpuStart;
            var oursThousand = measured * 1000 / bootstraps;
            var how = bootstraps == 1000 ? $"measured, {bootstraps} per experiment" : $"measured {measured:0.0} s for {bootstraps} per experiment, x{1000.0 / bootstraps:0}";
            var scipyThousand = scipyFull * 1000;
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{rows.Length} x 1000 bootstraps: ours {oursThousand / 60:0.00} min wall on {cores} thread(s) ({how}); " +
                $"scipy {scipyThousand / 3600:0} core-hours (1000 x its full-grid fit estimate); ratio {scipyThousand / oursThousand:0}x"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  CPU time: ours {bootCpu * 1000 / bootstraps / 3600:0.000} core-hours for 1000 (idle {cores}-core estimate {bootCpu * 1000 / bootstraps / cores / 60:0.0} min wall); " +
                $"scipy {scipyCpuFull * 1000 / 3600:0} core-hours; CPU ratio {scipyCpuFull * bootstraps / bootCpu:0}x"));
        }
        Console.WriteLine($"load average at the end: {LoadAverage()}");
        return 0;
    }

    private static List<string> RunPython(string python, string script, string input, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(script);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Cannot start {python}.");
        using var kill = ct.Register(() => { try { p.Kill(); } catch (InvalidOperationException) { } });
        var stderr = p.StandardError.ReadToEndAsync(ct);
        p.StandardInput.Write(input);
        p.StandardInput.Close();
        var lines = new List<string>();
        while (p.StandardOutput.ReadLine() is { } line) lines.Add(line);
        p.WaitForExit();
        ct.ThrowIfCancellationRequested();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{python} {script} failed: {stderr.Result.Trim()}");
        return lines;
    }

    private static double CpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
