using VvsNotebook.Training.LearningRules;

namespace VvsNotebook.Training.Tests.LearningRules;

public sealed class HebbianRuleTests
{
    public HebbianRuleTests() => Runtime.TorchRuntime.EnsureLoaded();

    [Fact]
    public void stdp_conv_layers_learn_without_labels_and_only_the_readout_sees_them()
    {
        var options = RuleTestKit.Options(2) with { StdpReadoutEpochs = 1, ValidationImages = 100 };
        using var a = RuleTestKit.Model();
        using var b = RuleTestKit.Model();
        var initial = RuleTestKit.Weights(a);
        new HebbianRule().Train(a, RuleTestKit.Train(10), RuleTestKit.Validation(), options);
        new HebbianRule().Train(b, RuleTestKit.Train(10, relabel: label => (label + 3) % 10), RuleTestKit.Validation(), options);
        var (wa, wb) = (RuleTestKit.Weights(a), RuleTestKit.Weights(b));
        foreach (var name in wa.Keys.Where(n => n.StartsWith("conv") && n.EndsWith("weight")))
        {
            Assert.Equal(wa[name], wb[name]);
            Assert.NotEqual(initial[name], wa[name]);
        }
        Assert.NotEqual(wa["classifier.weight"], wb["classifier.weight"]);
    }

    [Fact]
    public void stdp_filters_stay_unit_norm_and_the_readout_beats_chance_while_filters_come_to_match_their_inputs()
    {
        using var model = RuleTestKit.Model();
        var hebbianLoss = new List<double>();
        var progress = new SynchronousProgress(p => { if (p.Phase == "hebbian" && p.Batch == p.Batches) hebbianLoss.Add(p.Loss); });
        var run = new HebbianRule().Train(model, RuleTestKit.Train(30), RuleTestKit.Validation(), RuleTestKit.Options(3), progress);
        foreach (var block in model.Blocks)
        {
            var norms = block.Conv.weight!.detach().flatten(1).norm(1).data<float>().ToArray();
            Assert.All(norms, n => Assert.InRange(n, 0.9999f, 1.0001f));
        }
        Assert.Equal(3, hebbianLoss.Count);
        Assert.True(hebbianLoss[^1] < hebbianLoss[0], $"competition-weighted mismatch {string.Join(" → ", hebbianLoss.Select(l => l.ToString("F3")))}");
        Assert.True(run.Final.ValidationAccuracy > 0.2, $"readout accuracy {run.Final.ValidationAccuracy:P1}");
        Assert.Equal(3, run.Curve.Count);
    }
}

/// <summary>IProgress that reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SynchronousProgress(Action<RuleProgress> report) : IProgress<RuleProgress>
{
    public void Report(RuleProgress value) => report(value);
}
