using VvsNotebook.Progress;
using VvsNotebook.Training.Alignment;
using VvsNotebook.Training.LearningRules;
using VvsNotebook.Training.Loop;

namespace VvsNotebook.Training.Studies;

/// <summary>
/// Where a study that trains and scores networks one after another is: network <paramref name="Index"/> (1-based) of
/// <paramref name="Count"/>, named <paramref name="Run"/>, at <paramref name="Stage"/> ("train", "score", ...), with its
/// trainer's report while it trains.
/// </summary>
public abstract record NetworkStudyProgress<TTraining>(string Stage, int Index, int Count, string Run, TTraining? Training) : JobProgress
    where TTraining : JobProgress
{
    public override string Stage { get; } = Stage;

    /// <summary>While a network trains the bar follows its batches; between trainings, the networks reached.</summary>
    public override int Done => Training?.Done ?? Index;

    public override int Total => Training?.Total ?? Count;

    /// <summary>
    /// A stage (a network's scoring, the comparisons) stays and a training's batches do not, even at an epoch's end: a
    /// study trains many networks, and a line per epoch of each would bury the stages.
    /// </summary>
    public override bool IsMilestone => Training is null;

    public override string Describe() => $"[{Index}/{Count}] {Run}: {(Training is { } t ? t.Describe() : Stage)}";
}

/// <summary>Where the learning-rule study is: training one network, scoring it, or comparing rules.</summary>
public sealed record StudyProgress(string Stage, int Index, int Count, string Run, RuleProgress? Training = null)
    : NetworkStudyProgress<RuleProgress>(Stage, Index, Count, Run, Training);

/// <summary>Where the alignment study is: preparing a reference, training one network, or scoring it.</summary>
public sealed record AlignmentStudyProgress(string Stage, int Index, int Count, string Run, AlignmentProgress? Training = null)
    : NetworkStudyProgress<AlignmentProgress>(Stage, Index, Count, Run, Training);

/// <summary>Where the encoding study is: training one network (with the trainer's step), or encoding it.</summary>
public sealed record EncodingStudyProgress(string Stage, int Index, int Count, string Run, TrainingProgress? Training = null)
    : NetworkStudyProgress<TrainingProgress>(Stage, Index, Count, Run, Training);
