using VvsNotebook.Training.Data;
using VvsNotebook.Training.Models;

namespace VvsNotebook.Training.LearningRules;

/// <summary>
/// A way of changing a <see cref="RuleCnn"/>'s weights from images: backpropagation, feedback alignment, predictive
/// coding, Hebbian (STDP-like) learning, or none. Implement it to add a rule; <see cref="LearningRuleCatalog.Create"/> knows the built-in ones.
/// </summary>
public interface ILearningRule
{
    /// <summary>Short name, e.g. "bp", "fa", "pc", "stdp", "untrained".</summary>
    string Name { get; }

    /// <summary>
    /// Trains <paramref name="model"/> in place on <paramref name="train"/> and returns its learning curve, evaluated on
    /// <paramref name="validation"/> after every epoch. Same model weights, data and options give bit-identical results.
    /// Cancellation is honoured between batches.
    /// </summary>
    RuleRun Train(RuleCnn model, ImageDataset train, ImageDataset validation, RuleTrainingOptions options,
        IProgress<RuleProgress>? progress = null, CancellationToken cancellationToken = default);
}
