namespace VvsNotebook.Training.Loop;

/// <summary>One line of <c>metrics.jsonl</c>.</summary>
public sealed record EpochMetrics(int Epoch, long Step, double LearningRate, double TrainLoss, double TrainAccuracy, double ValidationLoss, double ValidationAccuracy, long SamplesSeen);

/// <summary>Where a run resumes from: the last completed epoch and optimiser step (and fp16's loss scale).</summary>
public sealed record TrainerState(int Epoch, long Step, LossScaleState? LossScale = null);
