using VvsNotebook.Training.Data;
using VvsNotebook.Training.Models;

namespace VvsNotebook.Training.LearningRules;

/// <summary>"bp": backpropagation of the cross-entropy, Adam (or SGD with momentum) on every layer.</summary>
public sealed class BackpropagationRule : ILearningRule
{
    public string Name => "bp";

    public RuleRun Train(RuleCnn model, ImageDataset train, ImageDataset validation, RuleTrainingOptions options,
        IProgress<RuleProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var session = new RuleSession(Name, model, train, validation, options, progress, cancellationToken);
        using var optimizer = session.Optimizer(model.parameters(), session.LearningRate);
        model.train();
        session.Epochs(options.Epochs, "train", (x, y) => RuleSession.GradientStep(optimizer, () => model.call(x), y));
        return session.Finish();
    }
}
