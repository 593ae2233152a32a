namespace VvsNotebook.Training.Sweeps.Slurm;

/// <summary>
/// The resources each array task asks for, passed to <c>sbatch</c> as given (null: the cluster's default):
/// <c>--partition</c>, <c>--time</c>, <c>--mem</c>, <c>--cpus-per-task</c>, <c>--gres</c>, plus any further sbatch
/// options verbatim (e.g. <c>--account=lab</c>, <c>--qos=short</c>).
/// </summary>
public sealed record SlurmOptions
{
    public string? Partition { get; init; }
    public string? Time { get; init; }
    public string? Memory { get; init; }
    public int? CpusPerTask { get; init; }
    public string? Gres { get; init; }
    /// <summary>At most this many array tasks run at once (sbatch's <c>%N</c> array throttle).</summary>
    public int? MaxConcurrent { get; init; }
    public IReadOnlyList<string> Extra { get; init; } = [];

    public void Validate()
    {
        if (CpusPerTask is < 1) throw new ArgumentException($"--cpus-per-task must be at least 1 (got {CpusPerTask}).");
        if (MaxConcurrent is < 1) throw new ArgumentException($"--max-concurrent must be at least 1 (got {MaxConcurrent}).");
        foreach (var (name, value) in new[] { ("--partition", Partition), ("--time", Time), ("--mem", Memory), ("--gres", Gres) })
            if (value is not null && (value.Length == 0 || value.Any(char.IsWhiteSpace)))
                throw new ArgumentException($"{name} '{value}' is empty or holds a space; give one sbatch value such as {Example(name)}.");
        foreach (var extra in Extra)
            if (!extra.StartsWith('-') || extra.Contains('\n'))
                throw new ArgumentException($"--sbatch-arg '{extra}' is not an sbatch option; give it as --sbatch-arg=--account=lab.");
    }

    /// <summary>The <c>#SBATCH</c> lines of these options.</summary>
    public IEnumerable<string> Directives()
    {
        if (Partition is not null) yield return $"--partition={Partition}";
        if (Time is not null) yield return $"--time={Time}";
        if (Memory is not null) yield return $"--mem={Memory}";
        if (CpusPerTask is { } c) yield return $"--cpus-per-task={c}";
        if (Gres is not null) yield return $"--gres={Gres}";
        foreach (var e in Extra) yield return e;
    }

    private static string Example(string name) => name switch
    {
        "--partition" => "gpu", "--time" => "02:00:00", "--mem" => "8G", _ => "gpu:1",
    };
}
