using static TorchSharp.torch;

namespace VvsNotebook.Training.Loop;

/// <summary>
/// Linear warm-up from 0 to the peak over <see cref="WarmupSteps"/>, then cosine decay to <see cref="MinLearningRate"/>
/// at <see cref="TotalSteps"/> (the paper's recipe, stepped per iteration). A pure function of the step, so a
/// resumed run needs no scheduler state.
/// </summary>
public sealed record CosineWarmupSchedule(double PeakLearningRate, long WarmupSteps, long TotalSteps, double MinLearningRate = 0)
{
    public double LearningRateAt(long step)
    {
        if (TotalSteps <= 0) throw new InvalidOperationException("TotalSteps must be positive.");
        if (step < WarmupSteps) return PeakLearningRate * (step + 1) / WarmupSteps;
        var decaySteps = Math.Max(1, TotalSteps - WarmupSteps);
        var progress = Math.Min(1.0, (double)(step - WarmupSteps) / decaySteps);
        return MinLearningRate + 0.5 * (PeakLearningRate - MinLearningRate) * (1 + Math.Cos(Math.PI * progress));
    }

    /// <summary>Sets every parameter group's learning rate for <paramref name="step"/> and returns it.</summary>
    public double Apply(optim.Optimizer optimizer, long step)
    {
        var lr = LearningRateAt(step);
        foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
        return lr;
    }
}
