using VvsNotebook.Brain;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Studies;

namespace VvsNotebook.Training.Tests.Studies;

/// <summary>The learning-rule study end to end at a tiny scale, on the simulated brain set.</summary>
public sealed class LearningRuleStudyTests : IDisposable
{
    private static readonly Lazy<(ImageDataset Train, ImageDataset Test)> Fashion = new(() => (FashionMnist.Load(train: true), FashionMnist.Load(train: false)));
    private static readonly Lazy<BrainRoiSet> Brain = new(() => SimulatedRoiSet.Build(new SimulatedRoiOptions { ImagesPerClass = 4 }));
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vvs-study-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static LearningRuleStudyOptions Tiny => new()
    {
        Rules = ["bp", "untrained"], Seeds = [0], SamplesPerClass = 5, Epochs = 1, Width = 0.25, Permutations = 99, ValidationPerClass = 10, Threads = 1,
    };

    private LearningRuleStudyResult Run(LearningRuleStudyOptions options, CancellationToken cancellationToken = default) =>
        new LearningRuleStudy(options, Path.Combine(_dir.FullName, "runs")).Run(Brain.Value, Fashion.Value.Train, Fashion.Value.Test, null, cancellationToken);

    [Fact]
    public void the_table_has_one_row_per_rule_seed_and_roi_with_q_at_or_above_p()
    {
        var result = Run(Tiny);
        Assert.Equal(2 * 1 * 4, result.Rows.Count);
        Assert.Equal(["V1", "V2", "LOC", "IT"], result.Rows.Select(r => r.Roi).Distinct());
        Assert.All(result.Rows, r =>
        {
            Assert.True(double.IsFinite(r.Rho) && double.IsFinite(r.PartialRho));
            Assert.InRange(r.P, 1.0 / 100, 1);
            Assert.True(r.Q >= r.P - 1e-12);
            Assert.Equal(r.Roi, Models.RuleCnn.RoiMap[r.Layer]);
        });
        Assert.Equal(4, result.Reliability.Count);
        Assert.All(result.Reliability, r => Assert.True(r.NoiseCeilingLower <= r.NoiseCeilingUpper + 1e-12));
        Assert.Equal(2, result.Filters.Count);
    }

    [Fact]
    public void with_one_seed_a_pairwise_delta_is_the_difference_of_the_two_rows_rho()
    {
        var result = Run(Tiny);
        Assert.Equal(4, result.Pairwise.Count);
        foreach (var pair in result.Pairwise)
        {
            var a = result.Rows.Single(r => r.Rule == pair.RuleA && r.Roi == pair.Roi).Rho;
            var b = result.Rows.Single(r => r.Rule == pair.RuleB && r.Roi == pair.Roi).Rho;
            Assert.Equal(a - b, pair.DeltaRho, 12);
            Assert.InRange(pair.P, 1.0 / 100, 1);
        }
    }

    [Fact]
    public void finished_networks_are_read_back_not_retrained_and_give_the_same_table()
    {
        var first = Run(Tiny);
        var models = Directory.GetFiles(Path.Combine(_dir.FullName, "runs"), "model.bin", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);
        Assert.Equal(2, models.Count);
        var written = models.Keys.ToDictionary(f => f, File.GetLastWriteTimeUtc);
        var second = Run(Tiny);
        Assert.All(written, w => Assert.Equal(w.Value, File.GetLastWriteTimeUtc(w.Key)));
        Assert.Equal(first.Rows, second.Rows);
        Assert.Equal(first.Pairwise, second.Pairwise);
    }

    [Fact]
    public void a_cancelled_study_stops_and_leaves_no_half_written_network()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Run(Tiny, cancel.Token));
        var runs = Path.Combine(_dir.FullName, "runs");
        Assert.Empty(Directory.Exists(runs) ? Directory.GetFiles(runs, "run.json", SearchOption.AllDirectories) : []);
    }

    [Theory]
    [InlineData("backprop", "Unknown learning rule 'backprop'")]
    public void an_unknown_rule_is_refused_naming_the_valid_ones(string rule, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => Run(Tiny with { Rules = ["bp", rule] }));
        Assert.Contains(expected, error.Message);
        Assert.Contains("untrained", error.Message);
    }
}
