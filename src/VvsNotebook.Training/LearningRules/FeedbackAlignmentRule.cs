using TorchSharp;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Models;
using static TorchSharp.torch;

namespace VvsNotebook.Training.LearningRules;

/// <summary>
/// "fa": feedback alignment (Lillicrap et al. 2016). The error travels down through fixed random matrices B, one per
/// layer with that layer's weight shape, drawn once from the seed and never updated, in place of the transposed
/// forward weights; each layer's weight gradient is the usual local product of its output error and its input.
/// Learning works because the forward weights come to align with B.
/// </summary>
public sealed class FeedbackAlignmentRule : ILearningRule
{
    public string Name => "fa";

    /// <summary>The feedback tensors of the last <see cref="Train"/> (conv1..conv4, classifier); empty before.</summary>
    public IReadOnlyList<Tensor> Feedback { get; private set; } = [];

    public RuleRun Train(RuleCnn model, ImageDataset train, ImageDataset validation, RuleTrainingOptions options,
        IProgress<RuleProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var session = new RuleSession(Name, model, train, validation, options, progress, cancellationToken);
        foreach (var old in Feedback) old.Dispose();
        Feedback = DrawFeedback(model, options.Seed);
        using var optimizer = session.Optimizer(model.parameters(), session.LearningRate);
        model.train();
        session.Epochs(options.Epochs, "train", (x, y) => RuleSession.GradientStep(optimizer, () => Forward(model, x, Feedback), y));
        return session.Finish();
    }

    /// <summary>
    /// Random feedback for every layer, scaled like the forward initialisation (conv: kaiming normal, fan-out; linear:
    /// torch's uniform ±1/√fan-in), from a generator of its own so the model's and the data's draws are untouched.
    /// conv1's is drawn for uniformity but never used: nothing lies below the image.
    /// </summary>
    public static IReadOnlyList<Tensor> DrawFeedback(RuleCnn model, int seed)
    {
        var generator = new torch.Generator((ulong)Seeds.Derive(seed, 0xFA));
        var feedback = new List<Tensor>();
        foreach (var block in model.Blocks)
        {
            var shape = block.Conv.weight!.shape;
            var std = Math.Sqrt(2.0 / (shape[0] * shape[2] * shape[3]));
            feedback.Add(torch.randn(shape, generator: generator).mul_(std).DetachFromDisposeScope());
        }
        var linear = model.Classifier.weight!.shape;
        var bound = 1 / Math.Sqrt(linear[1]);
        feedback.Add(torch.rand(linear, generator: generator).mul_(2 * bound).sub_(bound).DetachFromDisposeScope());
        return feedback;
    }

    /// <summary>The model's forward pass whose backward pass is feedback alignment's with <paramref name="feedback"/>.</summary>
    public static Tensor Forward(RuleCnn model, Tensor images, IReadOnlyList<Tensor> feedback)
    {
        if (feedback.Count != RuleCnn.LayerNames.Count) throw new ArgumentException($"Need {RuleCnn.LayerNames.Count} feedback tensors (conv1..conv4, classifier), got {feedback.Count}.", nameof(feedback));
        var x = images;
        for (var l = 0; l < RuleCnn.LayerNames.Count; l++)
        {
            var b = feedback[l];
            x = model.Layer(l, x, l < 4
                ? (input, weight, bias) => FeedbackAlignmentConv2d.apply(input, weight, bias, b)
                : (input, weight, bias) => FeedbackAlignmentLinear.apply(input, weight, bias, b));
        }
        return x;
    }
}
