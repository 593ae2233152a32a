using VvsNotebook.Training.Data;
using VvsNotebook.Training.Models;

namespace VvsNotebook.Training.LearningRules;

/// <summary>
/// "untrained": the random initialisation as it is, the study's architecture-only baseline. No weight changes, not
/// even a readout (as in the paper); the curve is a single point (epoch 0) with the untrained net's loss and accuracy.
/// </summary>
public sealed class UntrainedRule : ILearningRule
{
    public string Name => "untrained";

    public RuleRun Train(RuleCnn model, ImageDataset train, ImageDataset validation, RuleTrainingOptions options,
        IProgress<RuleProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var session = new RuleSession(Name, model, train, validation, options, progress, cancellationToken);
        var point = session.EvaluateAsIs(0);
        session.Curve.Add(point);
        progress?.Report(new RuleProgress(Name, 0, 0, 1, 1, point.TrainLoss, "evaluate"));
        return session.Finish();
    }
}
