using VvsNotebook.Cli.Tests;
using VvsNotebook.Training.Activations;
using Xunit;

namespace VvsNotebook.Training.Tests;

/// <summary>A run directory is opened explicitly (no loader registry whose order decides which loader wins).</summary>
public sealed class TrainedRunSourceTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vvs-runsource-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void a_folder_that_is_not_a_run_and_a_missing_one_are_clear_errors_in_the_library_and_the_cli()
    {
        Assert.Contains("is not a training run (no config.json)", Assert.Throws<ArgumentException>(() => TrainedRunSource.Open(_dir.FullName)).Message);
        Assert.Throws<DirectoryNotFoundException>(() => TrainedRunSource.Open(Path.Combine(_dir.FullName, "absent")));
        var (code, _, stderr) = VvsProcess.Run(["benchmark", "--run", _dir.FullName, "--images-per-class", "2"]);
        Assert.Equal(2, code);
        Assert.Contains("is not a training run (no config.json)", stderr);
    }
}
