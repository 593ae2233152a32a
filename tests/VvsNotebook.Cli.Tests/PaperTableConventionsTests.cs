using System.CommandLine;
using System.Text.Json;
using VvsNotebook.Activations;
using VvsNotebook.Benchmarks;
using VvsNotebook.Data;
using VvsNotebook.Training.Loop;
using VvsNotebook.Training.Models;
using VvsNotebook.Workflow;
using Xunit;

namespace VvsNotebook.Cli.Tests;

/// <summary>Rows and runs that <c>vvs benchmark</c> and <c>vvs train</c> write follow the released table's conventions.</summary>
public sealed class PaperTableConventionsTests
{
    private static IReadOnlyList<ScoreRecord> Released() =>
        ScoreTable.Read(Path.Combine(VvsNotebook.Tests.TestData.DataDirectory, "scaling-primate-vvs", "benchmark_scores.csv"));

    [Fact]
    public void the_zoo_architectures_the_paper_trained_carry_its_arch_family_names()
    {
        var released = Released();
        foreach (var arch in new[] { "resnet18", "resnet50", "alexnet", "vit_tiny", "vit_small", "cornet_s" })
        {
            var family = ModelZoo.Family(arch);
            Assert.Contains(released, r => r.ArchFamily == family && r.Arch?.StartsWith(arch.Split('_')[0], StringComparison.OrdinalIgnoreCase) == true);
        }
        Assert.Throws<ArgumentException>(() => ModelZoo.Family("resnot"));
    }

    [Fact]
    public void benchmark_ids_are_the_released_tables_one_per_region()
    {
        var released = Released().Select(r => (r.Region, r.BenchmarkId)).Distinct().ToList();
        Assert.Equal(5, released.Count);
        foreach (var (region, id) in released) Assert.Equal(id, BenchmarkRun.PaperBenchmarkId(region));
        var run = new BenchmarkRun("m", [], [new BenchmarkScore("vvs.offline.IT-category-pls", "IT", "layer4", 0.5, 0.01, 0.4, 0.8)]);
        Assert.Equal(3, Assert.Single(run.ToScoreRecords()).BenchmarkId);
    }

    [Fact]
    public void a_fashion_mnist_run_config_says_ten_classes_and_the_28_pixel_grey_input()
    {
        var options = new TrainingRunOptions();
        var command = new Command("train");
        options.AddTo(command);
        var config = options.Config(command.Parse(["--arch", "small_cnn", "--samples-per-class", "5"]));
        Assert.Equal(10, config.Model.NumClasses);
        Assert.Equal(InputShape.FashionMnist, config.Model.Input);
        Assert.Contains("\"num_classes\": 10", JsonSerializer.Serialize(config, RunFiles.Json));
        var sweep = new SweepRunOptions();
        var sweepCommand = new Command("sweep");
        sweep.AddTo(sweepCommand);
        Assert.All(sweep.Plan(sweepCommand.Parse(["--arch", "small_cnn", "--samples-per-class", "5"])).Runs, t => Assert.Equal(10, t.Model.NumClasses));
    }

    [Fact]
    public void the_benchmark_scores_block_level_layers_by_default_and_every_layer_on_request()
    {
        var names = new[] { "conv1", "bn1", "relu", "layer1", "layer1.0", "layer1.0.conv1", "layer1.0.bn1", "layer1.1", "layer1.1.conv2", "fc" };
        Assert.Equal(["conv1", "bn1", "relu", "layer1", "layer1.0", "layer1.1", "fc"], LayerSelection.Resolve(null, names));
        Assert.Equal(names, LayerSelection.Resolve("all", names));
        Assert.Equal(["layer1.0", "fc"], LayerSelection.Resolve("layer1.0, fc", names));
    }
}

/// <summary>The offline suite finds Fashion-MNIST the way training does: the manifest through <c>--data-dir</c>, then Debian's copy.</summary>
public sealed class OfflineSuiteDataTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vvs-offline-data-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void vvs_benchmark_reads_fashion_mnist_from_the_data_dir_it_is_given()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir.FullName, "fashion-mnist"));
        foreach (var name in new[] { "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" }) File.WriteAllText(Path.Combine(folder.FullName, name), "not the pinned file");
        var (code, _, stderr) = VvsProcess.Run(["benchmark", "--model", "pixels", "--images-per-class", "2", "--data-dir", _dir.FullName]);
        Assert.Equal(2, code);
        Assert.Contains($"{folder.FullName}/t10k-labels-idx1-ubyte.gz has sha256", stderr); // it looked where it was told, and checked the pin
        var (ok, stdout, _) = VvsProcess.Run(["benchmark", "--model", "pixels", "--images-per-class", "2"]);
        Assert.Equal(0, ok);
        Assert.Contains("vvs.offline.FashionMNIST-i2n", stdout);
    }
}
