using TorchSharp;
using VvsNotebook.Training.Models;
using VvsNotebook.Training.Profiling;
using VvsNotebook.Training.Runtime;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

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
        TorchRuntime.EnsureLoaded();
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var scope = torch.NewDisposeScope();
            using var _ = torch.no_grad();
            using var counter = MacCounter.Start(model);
            var device = model.parameters().First().device;
            model.call(torch.zeros(input.BatchShape(1), device: device));
            return new ComputeCost(ParameterCount(model), counter.Total);
        }
        finally { model.train(wasTraining); }
    }

    /// <summary>Number of trainable elements (the N of the scaling laws).</summary>
    public static long ParameterCount(Module model) => model.parameters().Where(p => p.requires_grad).Sum(p => p.numel());
}
