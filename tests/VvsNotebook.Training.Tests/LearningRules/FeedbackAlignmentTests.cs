using TorchSharp;
using VvsNotebook.Training.LearningRules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace VvsNotebook.Training.Tests.LearningRules;

public sealed class FeedbackAlignmentTests
{
    public FeedbackAlignmentTests() => Runtime.TorchRuntime.EnsureLoaded();

    private static Tensor[] FaGradients(Models.RuleCnn model, Tensor x, Tensor y, IReadOnlyList<Tensor> feedback) =>
        RuleTestKit.Gradients(model, () => F.cross_entropy(FeedbackAlignmentRule.Forward(model, x, feedback), y).backward());

    [Fact]
    public void fa_with_feedback_equal_to_the_forward_weights_computes_backprop_gradients()
    {
        using var scope = torch.NewDisposeScope();
        using var model = RuleTestKit.Model();
        var (x, y) = RuleTestKit.Batch(RuleTestKit.Train(3), 30);
        var bp = RuleTestKit.BackpropGradients(model, x, y);
        var transposeFeedback = model.Blocks.Select(b => b.Conv.weight!.detach().clone()).Append(model.Classifier.weight!.detach().clone()).ToList();
        var fa = FaGradients(model, x, y, transposeFeedback);
        for (var l = 0; l < bp.Length; l++)
            Assert.True(torch.allclose(fa[l], bp[l], rtol: 1e-4, atol: 1e-6), $"layer {l}: max diff {(fa[l] - bp[l]).abs().max().item<float>()}");
    }

    [Fact]
    public void fa_random_feedback_changes_the_hidden_layers_updates_but_not_the_classifiers()
    {
        using var scope = torch.NewDisposeScope();
        using var model = RuleTestKit.Model();
        var (x, y) = RuleTestKit.Batch(RuleTestKit.Train(3), 30);
        var bp = RuleTestKit.BackpropGradients(model, x, y);
        var fa = FaGradients(model, x, y, FeedbackAlignmentRule.DrawFeedback(model, seed: 0));
        var other = FaGradients(model, x, y, FeedbackAlignmentRule.DrawFeedback(model, seed: 1));
        // The top layer's update is local in both rules; below it the error comes through B.
        Assert.True(torch.allclose(fa[4], bp[4], rtol: 1e-4, atol: 1e-6));
        for (var l = 0; l < 4; l++)
        {
            Assert.True(RuleTestKit.Cosine(fa[l], bp[l]) < 0.5, $"conv{l + 1}: FA update as aligned with BP as {RuleTestKit.Cosine(fa[l], bp[l]):F3} before any training");
            Assert.False(torch.allclose(fa[l], other[l]), $"conv{l + 1}: another B gave the same update");
        }
    }

    [Fact]
    public void fa_feedback_is_drawn_from_the_seed_and_never_updated_by_training()
    {
        using var model = RuleTestKit.Model();
        var before = FeedbackAlignmentRule.DrawFeedback(model, seed: 3).Select(b => b.data<float>().ToArray()).ToList();
        var rule = new FeedbackAlignmentRule();
        rule.Train(model, RuleTestKit.Train(5), RuleTestKit.Validation(), RuleTestKit.Options(2) with { Seed = 3, ValidationImages = 50 });
        var after = rule.Feedback.Select(b => b.data<float>().ToArray()).ToList();
        for (var l = 0; l < before.Count; l++) Assert.Equal(before[l], after[l]);
        Assert.NotEqual(before[1], FeedbackAlignmentRule.DrawFeedback(model, seed: 4)[1].data<float>().ToArray());
        Assert.False(rule.Feedback[1].requires_grad);
    }

    [Fact]
    public void fa_learns_fashion_mnist_above_chance_without_diverging()
    {
        using var model = RuleTestKit.Model();
        var run = new FeedbackAlignmentRule().Train(model, RuleTestKit.Train(30), RuleTestKit.Validation(), FaOptions);

        var curve = string.Join("; ", run.Curve.Select(e => $"{e.TrainLoss:F3}/{e.ValidationAccuracy:P0}"));
        Assert.True(run.Final.ValidationAccuracy > 0.2, $"validation accuracy {run.Final.ValidationAccuracy:P1}: {curve}");
        Assert.True(run.Final.TrainLoss < run.Curve[0].TrainLoss, "training loss did not fall");
    }

    // Adam or a higher SGD rate diverge within 10 epochs here (no batch norm); 0.03 learns steadily.
    internal static RuleTrainingOptions FaOptions => RuleTestKit.Options(8) with { Optimizer = "sgd", LearningRate = 0.03 };
}
