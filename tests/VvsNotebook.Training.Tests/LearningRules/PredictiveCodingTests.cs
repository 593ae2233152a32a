using TorchSharp;
using VvsNotebook.Training.LearningRules;
using static TorchSharp.torch;

namespace VvsNotebook.Training.Tests.LearningRules;

public sealed class PredictiveCodingTests
{
    public PredictiveCodingTests() => Runtime.TorchRuntime.EnsureLoaded();

    private static Tensor[] PcGradients(Models.RuleCnn model, IReadOnlyList<Tensor> values, double nudge) =>
        RuleTestKit.Gradients(model, () => PredictiveCodingRule.AccumulateWeightGradients(model, values, nudge));

    [Fact]
    public void pc_updates_approach_backprop_gradients_with_long_inference_and_a_small_nudge()
    {
        using var scope = torch.NewDisposeScope();
        using var model = RuleTestKit.Model();
        var (x, y) = RuleTestKit.Batch(RuleTestKit.Train(3), 30);
        var bp = RuleTestKit.BackpropGradients(model, x, y);
        const double nudge = 1e-3;
        var pc = PcGradients(model, PredictiveCodingRule.Infer(model, x, y, steps: 500, rate: 0.1, nudge, out _), nudge);
        for (var l = 0; l < bp.Length; l++)
        {
            var cosine = RuleTestKit.Cosine(pc[l], bp[l]);
            Assert.True(cosine > 0.9, $"{Models.RuleCnn.LayerNames[l]}: cosine {cosine:F3}");
            var ratio = (double)pc[l].norm().item<float>() / bp[l].norm().item<float>();
            Assert.True(ratio is > 0.6 and < 1.4, $"{Models.RuleCnn.LayerNames[l]}: norm ratio {ratio:F3}");
        }
    }

    [Fact]
    public void pc_weight_update_of_a_layer_depends_only_on_its_own_error_and_input()
    {
        using var scope = torch.NewDisposeScope();
        using var model = RuleTestKit.Model();
        var (x, y) = RuleTestKit.Batch(RuleTestKit.Train(3), 20);
        var values = PredictiveCodingRule.Infer(model, x, y, steps: 10, rate: 0.1, nudge: 0.1, out _);
        var reference = PcGradients(model, values, 0.1);
        // Moving value node x_3 (conv3's output) touches only e_3 (conv3) and conv4's input.
        var moved = values.ToArray();
        moved[3] = values[3] + 0.1 * torch.randn_like(values[3]).abs();
        var changed = PcGradients(model, moved, 0.1);
        Assert.Equal(reference[0].data<float>().ToArray(), changed[0].data<float>().ToArray());
        Assert.Equal(reference[1].data<float>().ToArray(), changed[1].data<float>().ToArray());
        Assert.Equal(reference[4].data<float>().ToArray(), changed[4].data<float>().ToArray());
        Assert.False(torch.allclose(reference[2], changed[2]));
        Assert.False(torch.allclose(reference[3], changed[3]));
    }

    [Fact]
    public void pc_without_inference_steps_updates_only_the_output_layer()
    {
        using var scope = torch.NewDisposeScope();
        using var model = RuleTestKit.Model();
        var (x, y) = RuleTestKit.Batch(RuleTestKit.Train(3), 20);
        // Errors start at zero everywhere but the clamped output: only inference carries them down.
        var pc = PcGradients(model, PredictiveCodingRule.Infer(model, x, y, steps: 0, rate: 0.1, nudge: 0.1, out _), 0.1);
        for (var l = 0; l < 4; l++) Assert.Equal(0f, pc[l].abs().max().item<float>());
        Assert.True(torch.allclose(pc[4], RuleTestKit.BackpropGradients(model, x, y)[4], rtol: 1e-4, atol: 1e-6));
    }

    [Fact]
    public void pc_learns_fashion_mnist()
    {
        using var model = RuleTestKit.Model();
        var run = new PredictiveCodingRule().Train(model, RuleTestKit.Train(30), RuleTestKit.Validation(), PcOptions);
        Assert.True(run.Final.ValidationAccuracy > 0.3, $"validation accuracy {run.Final.ValidationAccuracy:P1}");
        Assert.True(run.Final.TrainLoss < run.Curve[0].TrainLoss - 0.3, $"training loss {run.Curve[0].TrainLoss:F3} → {run.Final.TrainLoss:F3}");
    }

    internal static RuleTrainingOptions PcOptions => RuleTestKit.Options(3) with { LearningRate = 3e-3, PcInferenceSteps = 8 };
}
