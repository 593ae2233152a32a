using System.Diagnostics;
using VvsNotebook.Tests.Shared;

namespace VvsNotebook.Cli.Tests.Slurm;

/// <summary>
/// The one-node Slurm cluster of <c>environment/slurm/cluster.sh</c>, started by the tests themselves (CI runs no
/// services); its <c>SLURM_CONF</c> goes into every vvs the tests start. Left running for the next test run.
/// </summary>
public sealed class SlurmCluster
{
    public SlurmCluster()
    {
        var script = Path.Combine(TestProcess.RepositoryRoot(), "environment", "slurm", "cluster.sh");
        var info = new ProcessStartInfo(script, "start") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"cluster.sh start failed:\n{stderr.Result}");
        Conf = stdout.Trim().Split('\n').Last().Replace("export SLURM_CONF=", "");
    }

    public string Conf { get; }

    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?> { ["SLURM_CONF"] = Conf };

    /// <summary>Runs one of Slurm's tools against this cluster; returns its stdout.</summary>
    public string Tool(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["SLURM_CONF"] = Conf;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return stdout;
    }
}

[CollectionDefinition(Name)]
public sealed class SlurmCollection : ICollectionFixture<SlurmCluster>
{
    public const string Name = "slurm";
}
