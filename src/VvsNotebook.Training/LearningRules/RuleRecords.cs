namespace VvsNotebook.Training.LearningRules;

/// <summary>
/// One point of a learning curve. <paramref name="Epoch"/> counts the epochs done (0: before any training);
/// train loss and accuracy are means over that epoch's batches (cross-entropy of the model's own forward pass).
/// </summary>
public sealed record RuleEpoch(int Epoch, double TrainLoss, double TrainAccuracy, double ValidationLoss, double ValidationAccuracy);

/// <summary>What a rule did: its name, the seed, the learning curve and the wall time.</summary>
public sealed record RuleRun(string Rule, int Seed, IReadOnlyList<RuleEpoch> Curve, double Seconds)
{
    /// <summary>The last point of <see cref="Curve"/>.</summary>
    public RuleEpoch Final => Curve[^1];
}
