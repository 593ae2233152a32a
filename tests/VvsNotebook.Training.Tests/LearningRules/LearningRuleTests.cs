using VvsNotebook.Training.LearningRules;

namespace VvsNotebook.Training.Tests.LearningRules;

public sealed class LearningRuleTests
{
    public LearningRuleTests() => Runtime.TorchRuntime.EnsureLoaded();

    [Fact]
    public void catalog_creates_every_named_rule_and_rejects_unknown_names_listing_the_valid_ones()
    {
        foreach (var name in LearningRuleCatalog.Names) Assert.Equal(name, LearningRuleCatalog.Create(name).Name);
        var e = Assert.Throws<ArgumentException>(() => LearningRuleCatalog.Create("hebb"));
        Assert.Contains("'hebb'", e.Message);
        Assert.Contains("bp, fa, pc, stdp, untrained", e.Message);
    }

    [Fact]
    public void bad_options_and_mismatched_models_throw_naming_the_problem()
    {
        using var model = RuleTestKit.Model();
        var train = RuleTestKit.Train(1);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new BackpropagationRule().Train(model, train, train, new RuleTrainingOptions { Epochs = -1 }));
        Assert.Contains("Epochs must be 0 or more", e.Message);
        Assert.Throws<ArgumentException>(() => new BackpropagationRule().Train(model, train, train, new RuleTrainingOptions { Optimizer = "rmsprop" }));
        using var threeClasses = Models.RuleCnn.Create(Models.InputShape.FashionMnist, 3, RuleTestKit.Width);
        var mismatch = Assert.Throws<ArgumentException>(() => new BackpropagationRule().Train(threeClasses, train, train, new RuleTrainingOptions()));
        Assert.Contains("NumClasses = 10", mismatch.Message);
    }

    [Fact]
    public void bp_learns_fashion_mnist_and_reports_every_batch()
    {
        using var model = RuleTestKit.Model();
        var batches = 0;
        var run = new BackpropagationRule().Train(model, RuleTestKit.Train(30), RuleTestKit.Validation(), RuleTestKit.Options(3) with { LearningRate = 3e-3 },
            new SynchronousProgress(_ => batches++));
        Assert.Equal(3 * 12, batches);
        Assert.Equal([1, 2, 3], run.Curve.Select(e => e.Epoch));
        Assert.True(run.Final.ValidationAccuracy > 0.35, $"validation accuracy {run.Final.ValidationAccuracy:P1}");
        Assert.True(run.Final.TrainLoss < run.Curve[0].TrainLoss - 0.3, $"training loss {run.Curve[0].TrainLoss:F3} → {run.Final.TrainLoss:F3}");
    }

    [Fact]
    public void untrained_leaves_every_weight_bit_identical_and_reports_one_evaluation()
    {
        using var model = RuleTestKit.Model();
        var before = RuleTestKit.Weights(model);
        var run = new UntrainedRule().Train(model, RuleTestKit.Train(10), RuleTestKit.Validation(), RuleTestKit.Options());
        var after = RuleTestKit.Weights(model);
        foreach (var (name, values) in before) Assert.Equal(values, after[name]);
        var point = Assert.Single(run.Curve);
        Assert.Equal(0, point.Epoch);
        Assert.InRange(point.ValidationAccuracy, 0.0, 0.25); // an untrained classifier is near chance
    }

    [Theory]
    [InlineData("bp")]
    [InlineData("fa")]
    [InlineData("pc")]
    [InlineData("stdp")]
    public void same_seed_gives_bit_identical_weights_and_curves_and_another_seed_does_not(string rule)
    {
        var options = RuleTestKit.Options(1) with { StdpReadoutEpochs = 1, ValidationImages = 100, PcInferenceSteps = 3 };
        var train = RuleTestKit.Train(10);
        (Dictionary<string, float[]> Weights, RuleRun Run) Run(int seed)
        {
            using var model = RuleTestKit.Model(seed: 7);
            var run = LearningRuleCatalog.Create(rule).Train(model, train, RuleTestKit.Validation(), options with { Seed = seed });
            return (RuleTestKit.Weights(model), run);
        }
        var (a, b, c) = (Run(1), Run(1), Run(2));
        foreach (var (name, values) in a.Weights) Assert.Equal(values, b.Weights[name]);
        Assert.Equal(a.Run.Curve, b.Run.Curve);
        Assert.NotEqual(a.Weights["conv2.conv.weight"], c.Weights["conv2.conv.weight"]);
    }

    [Fact]
    public void training_stops_between_batches_when_cancelled()
    {
        using var model = RuleTestKit.Model();
        using var cancel = new CancellationTokenSource();
        var batches = 0;
        Assert.Throws<OperationCanceledException>(() => new BackpropagationRule().Train(model, RuleTestKit.Train(10), RuleTestKit.Validation(), RuleTestKit.Options(),
            new SynchronousProgress(_ => { if (++batches == 2) cancel.Cancel(); }), cancel.Token));
        Assert.Equal(2, batches);
    }

    [Fact]
    public void rule_cnn_maps_its_blocks_to_rois_as_activation_layers_with_channels_in_multiples_of_16()
    {
        using var model = RuleTestKit.Model();
        Assert.Equal(["V1", "V2", "LOC", "IT"], Models.RuleCnn.RoiMap.Values);
        using var source = new Activations.TorchActivationSource("rule_cnn", model, Models.InputShape.FashionMnist, Data.FashionMnist.Normalization);
        foreach (var layer in Models.RuleCnn.RoiMap.Keys) Assert.Contains(layer, source.LayerNames);
        Assert.Equal([16L, 16, 32, 64], model.Widths);
        Assert.Equal([32L, 64, 128, 256], Models.RuleCnn.Create(Models.InputShape.FashionMnist, 10).Widths);
        Assert.Equal(16, Models.RuleCnn.Channels(32, 0.1));
        Assert.Equal(48, Models.RuleCnn.Channels(32, 1.5));
    }
}
