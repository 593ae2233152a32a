using VvsNotebook.Torch;
using VvsNotebook.Torch.Modules;
using VvsNotebook.Torch.Profiling;
using VvsNotebook.Training.Models;

namespace VvsNotebook.Training.Loop;

/// <summary>Model size and compute in the paper's conventions.</summary>
public sealed record ComputeCost(long Parameters, long MacsPerImage)
{
    /// <summary>Forward FLOPs per image = 2 x MACs.</summary>
    public long FlopsPerImage => 2 * MacsPerImage;

    /// <summary>C = 3 x FLOPs x samples seen (forward plus a backward pass costing twice the forward).</summary>
    public double TotalFlops(long samplesSeen) => 3.0 * FlopsPerImage * samplesSeen;
}

public static class ComputeAccountant
{
    /// <summary>Counts parameters and per-image MACs (see <see cref="MacCounter"/>) with one batch-1 forward pass in eval mode.</summary>
    public static ComputeCost Measure(Module<Tensor, Tensor> model, InputShape input)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var scope = torch.NewDisposeScope();
            using var _ = torch.no_grad();
            using var counter = MacCounter.Start();
            model.call(torch.zeros(input.BatchShape(1)));
            return new ComputeCost(model.parameter_count(), counter.Total);
        }
        finally { model.train(wasTraining); }
    }
}
