namespace VvsNotebook.Training.LearningRules;

/// <summary>The built-in learning rules by name. (Not named after its namespace, which would hide it inside <c>VvsNotebook.Training.*</c>.)</summary>
public static class LearningRuleCatalog
{
    public static IReadOnlyList<string> Names { get; } = ["bp", "fa", "pc", "stdp", "untrained"];

    /// <summary>A fresh rule; names are case-insensitive.</summary>
    public static ILearningRule Create(string name) => name?.ToLowerInvariant() switch
    {
        "bp" => new BackpropagationRule(),
        "fa" => new FeedbackAlignmentRule(),
        "pc" => new PredictiveCodingRule(),
        "stdp" => new HebbianRule(),
        "untrained" => new UntrainedRule(),
        _ => throw new ArgumentException($"Unknown learning rule '{name}'. Known: {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>The learning rate a rule uses when <see cref="RuleTrainingOptions.LearningRate"/> is null.</summary>
    public static double DefaultLearningRate(string rule, string optimizer = "adam") => rule.ToLowerInvariant() switch
    {
        "bp" or "fa" or "pc" => optimizer == "sgd" ? 0.01 : 1e-3,
        "stdp" => 0.05,
        "untrained" => 0,
        _ => throw new ArgumentException($"Unknown learning rule '{rule}'. Known: {string.Join(", ", Names)}.", nameof(rule)),
    };
}
