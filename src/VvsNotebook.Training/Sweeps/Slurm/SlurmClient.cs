using System.Diagnostics;
using System.Globalization;

namespace VvsNotebook.Training.Sweeps.Slurm;

/// <summary>A Slurm command that failed: what it was for, and Slurm's own words, turned into what to do.</summary>
public sealed class SlurmException(string message) : InvalidOperationException(message);

/// <summary>The state of one array task as Slurm reports it (PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, PREEMPTED, ...).</summary>
public sealed record SlurmTaskState(string JobId, int ArrayIndex, string State, string Reason);

/// <summary>
/// Runs Slurm's own client tools (<c>sbatch</c>, <c>squeue</c>, <c>scontrol</c>, <c>scancel</c>) from PATH, with the
/// environment's <c>SLURM_CONF</c>. Their failures become <see cref="SlurmException"/>s naming the cause: no Slurm
/// installed, the controller unreachable, an unknown partition.
/// </summary>
public sealed class SlurmClient
{
    /// <summary>Submits <paramref name="script"/>; returns the job id.</summary>
    public string Submit(string script, string? array = null)
    {
        var args = new List<string> { "--parsable" };
        if (array is not null) args.Add($"--array={array}");
        args.Add(script);
        var output = Run("sbatch", args, "submit the sweep");
        return output.Trim().Split(';')[0];
    }

    /// <summary>The tasks of <paramref name="jobIds"/> still known to Slurm: queued and running ones from squeue, finished ones from scontrol.</summary>
    public IReadOnlyList<SlurmTaskState> Tasks(IEnumerable<string> jobIds)
    {
        var states = new List<SlurmTaskState>();
        foreach (var job in jobIds)
        {
            // scontrol shows every task of an array job Slurm still remembers (MinJobAge), finished ones included; one line each.
            string text;
            try { text = Run("scontrol", ["show", "job", "-o", job], "read the sweep's job"); }
            catch (SlurmException e) when (e.Message.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase))
            {
                // Past MinJobAge the controller forgets a job; a cluster with accounting still has it in sacct.
                states.AddRange(Accounted(job));
                continue;
            }
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(f => f.Split('=', 2)).Where(f => f.Length == 2)
                    .GroupBy(f => f[0]).ToDictionary(g => g.Key, g => g.First()[1]);
                if (!fields.TryGetValue("ArrayTaskId", out var task) || !fields.TryGetValue("JobState", out var state)) continue;
                // A pending remainder is shown as a range, e.g. "2-3" or "1,3".
                foreach (var index in ExpandRange(task))
                    states.Add(new SlurmTaskState(job, index, state, fields.GetValueOrDefault("Reason", "None")));
            }
        }
        return states;
    }

    /// <summary>The job's array tasks from sacct; none when the cluster keeps no accounting (sacct then fails).</summary>
    private static IEnumerable<SlurmTaskState> Accounted(string job)
    {
        string text;
        try { text = Run("sacct", ["-j", job, "--array", "--noheader", "--parsable2", "--format=JobID,State"], "read the sweep's finished job"); }
        catch (SlurmException) { return []; }
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('|')).Where(f => f.Length == 2 && f[0].StartsWith(job + "_", StringComparison.Ordinal)
                && int.TryParse(f[0][(job.Length + 1)..], CultureInfo.InvariantCulture, out _))
            .Select(f => new SlurmTaskState(job, int.Parse(f[0][(job.Length + 1)..], CultureInfo.InvariantCulture), f[1].Split(' ')[0], "None")).ToList();
    }

    /// <summary>Cancels the given tasks (or the whole job).</summary>
    public void Cancel(string jobId, int? arrayIndex = null) =>
        Run("scancel", [arrayIndex is { } i ? $"{jobId}_{i}" : jobId], "cancel the task");

    /// <summary>"0-3,5" as indices; "%N" throttles are ignored.</summary>
    public static IEnumerable<int> ExpandRange(string text)
    {
        foreach (var part in text.Split('%')[0].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = part.IndexOf('-');
            if (dash < 0) { yield return int.Parse(part, CultureInfo.InvariantCulture); continue; }
            var (from, to) = (int.Parse(part[..dash], CultureInfo.InvariantCulture), int.Parse(part[(dash + 1)..].Split(':')[0], CultureInfo.InvariantCulture));
            for (var i = from; i <= to; i++) yield return i;
        }
    }

    /// <summary>"0-3,5" for the indices given (sorted, runs collapsed), as sbatch --array takes them.</summary>
    public static string CompressRange(IEnumerable<int> indices)
    {
        var sorted = indices.Distinct().Order().ToList();
        var parts = new List<string>();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(i == j ? $"{sorted[i]}" : $"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }
        return string.Join(",", parts);
    }

    private static string Run(string tool, IReadOnlyList<string> args, string purpose)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(info)!; }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new SlurmException($"Slurm's {tool} is not on PATH, so this machine cannot {purpose}: run it on a cluster's login node " +
                "(or install Slurm's client tools), or use --executor local.");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode == 0) return stdout.Result;
            throw new SlurmException(Explain(tool, purpose, stderr.Trim()));
        }
    }

    private static string Explain(string tool, string purpose, string error)
    {
        if (error.Contains("Unable to contact slurm controller", StringComparison.OrdinalIgnoreCase)
            || error.Contains("Connection refused", StringComparison.OrdinalIgnoreCase)
            || error.Contains("Communication connection failure", StringComparison.OrdinalIgnoreCase))
            return $"The Slurm controller is unreachable, so {tool} could not {purpose} ({error}). Check that slurmctld runs and SLURM_CONF " +
                   $"({Environment.GetEnvironmentVariable("SLURM_CONF") ?? "unset: /etc/slurm/slurm.conf"}) names it; for this machine's test cluster run environment/slurm/cluster.sh start.";
        if (error.Contains("invalid partition", StringComparison.OrdinalIgnoreCase))
            return $"Slurm refused the partition ({error}); `sinfo -s` lists the partitions of this cluster.";
        if (error.Contains("Invalid generic resource", StringComparison.OrdinalIgnoreCase) || error.Contains("gres", StringComparison.OrdinalIgnoreCase))
            return $"Slurm refused --gres ({error}); `sinfo -o \"%P %G\"` lists each partition's generic resources.";
        return $"{tool} could not {purpose}: {error}";
    }
}
