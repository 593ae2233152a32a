using Xunit;

namespace VvsNotebook.Cli.Tests;

/// <summary>An experiment whose <c>data:</c> is a plain CSV that <c>vvs benchmark</c> wrote is fitted by <c>vvs fit my.yaml</c>.</summary>
public sealed class FitYourOwnResultsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vvs-own-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void a_law_is_fitted_to_the_table_vvs_benchmark_appended_from_four_trained_runs()
    {
        var table = Path.Combine(_dir.FullName, "scores.csv");
        foreach (var d in new[] { 1, 2, 4, 8 })
        {
            var run = Path.Combine(_dir.FullName, $"run{d}");
            var train = VvsProcess.Run(["train", "--arch", "small_cnn", "--width", "0.25", "--samples-per-class", $"{d}", "--epochs", "1", "--threads", "1", "--validation-images", "50", "--run-dir", run]);
            Assert.True(train.ExitCode == 0, train.Stderr);
            var bench = VvsProcess.Run(["benchmark", "--run", run, "--images-per-class", "3", "--append", table]);
            Assert.True(bench.ExitCode == 0, bench.Stderr);
        }
        var yaml = Path.Combine(_dir.FullName, "my_it_scaling.yaml");
        File.WriteAllText(yaml, """
            name: my_it_scaling
            data: ./scores.csv
            filters:
              sets: {region: [IT]}
            fit:
              form: power_law
              x: total_flops
              x_scale: 1e9
              init: {e: [-1, 0], a: [0, 5], alpha: [0.5, 1]}
            """);
        var (code, stdout, stderr) = VvsProcess.Run(["fit", yaml]);
        Assert.True(code == 0, stderr);
        Assert.Contains("my_it_scaling", stdout);
        Assert.Contains("n=4", stdout);

        File.Delete(table);
        var missing = VvsProcess.Run(["fit", yaml]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains($"its data table {table} does not exist", missing.Stderr);
    }
}
