using System.Globalization;
using System.Text;
using VvsNotebook.Files;
using VvsNotebook.Fitting;
using VvsNotebook.Fitting.Bootstrap;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Sweeps.Slurm;

namespace VvsNotebook.Cli.Commands;

/// <summary>One task's share of a bootstrap, as written to <c>part-&lt;k&gt;.json</c>.</summary>
internal sealed record BootstrapPart(string Experiment, int Resamples, ulong Seed, int Parts, int Part, int First,
    IReadOnlyList<double[]> Parameters, IReadOnlyList<double> Losses);

/// <summary>
/// <c>vvs fit EXPERIMENT --bootstraps B --executor slurm --tasks K</c>: the B replicates split into K consecutive
/// slices, one Slurm array task each (<c>vvs fit ... --bootstrap-part k</c>), written to the job folder and put together
/// in replicate order, so the result equals a local run's (same seed, same resamples, same percentiles). A task that
/// failed is named with its log; the finished parts are kept, and running the command again submits only the rest.
/// </summary>
internal static class SlurmBootstrap
{
    private static readonly string[] Failed = ["FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL", "BOOT_FAIL", "DEADLINE"];

    public static string PartPath(string dir, int part) => Path.Combine(dir, $"part-{part}.json");

    /// <summary>Computes slice <paramref name="part"/> of <paramref name="parts"/> of the fit's bootstrap and writes it.</summary>
    public static BootstrapPart RunPart(string dir, ScalingLawFit fit, int resamples, ulong seed, int parts, int part, IProgress<FitProgress>? progress, CancellationToken ct)
    {
        var slice = BootstrapSlice.Part(resamples, parts, part);
        var fitter = fit.Fitter ?? throw new InvalidOperationException($"{fit.Name} has no fitter to bootstrap with.");
        var result = fitter.Bootstrap(fit, resamples, seed, slice, progress, ct);
        var written = new BootstrapPart(fit.Name ?? "fit", resamples, seed, parts, part, slice.First, result.Parameters, result.Losses);
        Directory.CreateDirectory(dir);
        RunFiles.WriteJson(PartPath(dir, part), written);
        return written;
    }

    /// <summary>Submits the parts not yet in <paramref name="dir"/>, waits for them, and returns the whole bootstrap.</summary>
    public static async Task<BootstrapResult> Distribute(string dir, ScalingLawFit fit, int resamples, ulong seed, int parts,
        SlurmOptions options, IReadOnlyList<string> taskCommand, CancellationToken ct)
    {
        BootstrapSlice.Part(resamples, parts, 0); // checks the split
        Directory.CreateDirectory(dir);
        var missing = Enumerable.Range(0, parts).Where(k => Read(dir, fit, resamples, seed, parts, k) is null).ToList();
        var client = new SlurmClient();
        if (missing.Count > 0)
        {
            var script = Path.Combine(dir, "bootstrap.sbatch");
            AtomicFile.WriteAllText(script, Script(dir, fit.Name ?? "fit", options, taskCommand));
            var job = client.Submit(script, SlurmClient.CompressRange(missing) + (options.MaxConcurrent is { } m ? $"%{m}" : ""));
            Console.Error.WriteLine($"{fit.Name}: submitted Slurm job {job}, {missing.Count} of {parts} bootstrap parts ({resamples} resamples); script {script}");
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                var left = missing.Where(k => !File.Exists(PartPath(dir, k))).ToList();
                if (left.Count == 0) break;
                var states = client.Tasks([job]).ToDictionary(s => s.ArrayIndex);
                var failed = left.Where(k => states.TryGetValue(k, out var s) && Failed.Any(f => s.State.StartsWith(f, StringComparison.Ordinal))).ToList();
                // A task that ended COMPLETED but wrote nothing also failed; give its file a moment to appear.
                var vanished = left.Where(k => states.TryGetValue(k, out var s) && s.State == "COMPLETED").ToList();
                if (vanished.Count > 0) { await Task.Delay(TimeSpan.FromSeconds(2), ct); failed.AddRange(vanished.Where(k => !File.Exists(PartPath(dir, k)))); }
                if (failed.Count > 0)
                    throw new SlurmException($"{fit.Name}: bootstrap task(s) {string.Join(", ", failed.Select(k => $"{job}_{k} ({(states.TryGetValue(k, out var s) ? s.State : "?")}, log {LogPath(dir, k)})"))} " +
                        $"failed; the {parts - left.Count} finished parts are kept in {dir}, and running this command again submits only the missing ones.");
                if (!Console.IsErrorRedirected) Console.Error.Write($"\r{fit.Name}: {parts - left.Count} of {parts} bootstrap parts done   ");
            }
            if (!Console.IsErrorRedirected) Console.Error.WriteLine();
        }
        var all = Enumerable.Range(0, parts).Select(k => Read(dir, fit, resamples, seed, parts, k)
            ?? throw new InvalidDataException($"{PartPath(dir, k)} is not a part of this bootstrap ({fit.Name}, {resamples} resamples, seed {seed}, {parts} parts); delete it and run again.")).ToList();
        return BootstrapResult.Concat(all.Select(p => new BootstrapResult(fit.Form, seed, p.Parameters, p.Losses)).ToList());
    }

    private static string LogPath(string dir, int part) => Path.Combine(dir, $"part-{part}.out");

    /// <summary>The part written for this very bootstrap, or null (absent, or from another experiment, seed or split).</summary>
    private static BootstrapPart? Read(string dir, ScalingLawFit fit, int resamples, ulong seed, int parts, int part)
    {
        var path = PartPath(dir, part);
        if (!File.Exists(path)) return null;
        var p = RunFiles.ReadJson<BootstrapPart>(path);
        var slice = BootstrapSlice.Part(resamples, parts, part);
        return p.Experiment == fit.Name && p.Resamples == resamples && p.Seed == seed && p.Parts == parts && p.First == slice.First && p.Parameters.Count == slice.Count ? p : null;
    }

    private static string Script(string dir, string name, SlurmOptions options, IReadOnlyList<string> command)
    {
        var text = new StringBuilder();
        text.Append("#!/bin/bash\n");
        text.Append($"# Written by vvs fit --executor slurm: task k computes bootstrap part k of {name} into part-k.json here.\n");
        text.Append($"#SBATCH --job-name=vvs-bootstrap-{name}\n");
        text.Append($"#SBATCH --output={Path.Combine(dir, "part-%a.out")}\n");
        foreach (var d in options.Directives()) text.Append($"#SBATCH {d}\n");
        text.Append("set -euo pipefail\n");
        text.Append($"exec {string.Join(' ', command.Select(SlurmSweep.Quote))} --bootstrap-part \"$SLURM_ARRAY_TASK_ID\"\n");
        return text.ToString();
    }


    public static string DefaultDirectory(string experiment, int resamples, ulong seed, int parts) =>
        Path.Combine("runs", string.Create(CultureInfo.InvariantCulture, $"bootstrap-{experiment}-b{resamples}-s{seed}-k{parts}"));
}
