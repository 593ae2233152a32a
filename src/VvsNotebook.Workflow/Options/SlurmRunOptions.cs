using System.CommandLine;
using VvsNotebook.Training.Sweeps.Slurm;

namespace VvsNotebook.Workflow;

/// <summary>The resources each Slurm array task asks for; passed to sbatch as given.</summary>
public sealed class SlurmRunOptions
{
    public Option<string?> Partition { get; } = new("--partition") { Description = "Slurm partition (default: the cluster's)" };
    public Option<string?> Time { get; } = new("--time") { Description = "Time limit per task, e.g. 02:00:00" };
    public Option<string?> Memory { get; } = new("--mem") { Description = "Memory per task, e.g. 8G" };
    public Option<int?> CpusPerTask { get; } = new("--cpus-per-task") { Description = "CPUs per task (match --threads)" };
    public Option<string?> Gres { get; } = new("--gres") { Description = "Generic resources per task, e.g. gpu:1" };
    public Option<int?> MaxConcurrent { get; } = new("--max-concurrent") { Description = "At most this many tasks at once" };
    public Option<string[]> Extra { get; } = new("--sbatch-arg") { Description = "Any further sbatch option, e.g. --sbatch-arg=--account=lab (repeatable)", DefaultValueFactory = _ => [] };

    /// <summary>
    /// How a cluster node starts the vvs CLI: <c>$VVS_CLI</c> (a command line) when set, else this process when it is
    /// vvs (the CLI, or our kernel), else <c>vvs</c> on PATH. The .NET Interactive host is not vvs, so a notebook there
    /// needs one of the other two.
    /// </summary>
    public static IReadOnlyList<string> VvsCommand()
    {
        if (Environment.GetEnvironmentVariable("VVS_CLI") is { Length: > 0 } cli)
            return cli.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var entry = System.Reflection.Assembly.GetEntryAssembly()?.Location;
        var process = Environment.ProcessPath ?? "dotnet";
        if (entry is not null && Path.GetFileName(entry) == "vvs.dll")
            return Path.GetFileNameWithoutExtension(process) == "dotnet" ? [process, entry] : [process];
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "vvs")).FirstOrDefault(File.Exists);
        return onPath is not null ? [onPath]
            : throw new InvalidOperationException("Slurm tasks run the vvs CLI, and this process is not it: set VVS_CLI to its command line " +
                "(e.g. \"dotnet /path/to/checkout/.vvs/cli/vvs.dll\") or put vvs on PATH.");
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Partition, Time, Memory, CpusPerTask, Gres, MaxConcurrent, Extra }) command.Options.Add(option);
    }

    public SlurmOptions Options(ParseResult parse)
    {
        var options = new SlurmOptions
        {
            Partition = parse.GetValue(Partition), Time = parse.GetValue(Time), Memory = parse.GetValue(Memory), CpusPerTask = parse.GetValue(CpusPerTask),
            Gres = parse.GetValue(Gres), MaxConcurrent = parse.GetValue(MaxConcurrent), Extra = parse.GetValue(Extra) ?? [],
        };
        options.Validate();
        return options;
    }
}
