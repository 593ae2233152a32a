using VvsNotebook.Activations;

namespace VvsNotebook.Benchmarks.Sources;

/// <summary>
/// The built-in feature extractors benchmark commands take by name. Trained runs and PyTorch checkpoints are opened
/// explicitly by the torch layer (<c>TrainedRunSource.Open</c>, <c>PyTorchCheckpointSource.Load</c>), not through a registry.
/// </summary>
public static class ActivationSources
{
    /// <summary>Names of the built-in sources.</summary>
    public static IReadOnlyList<string> BuiltinNames { get; } = ["pixels", "gabor"];

    public static IActivationSource Builtin(string name) => name switch
    {
        "pixels" => new PixelSource(),
        "gabor" => new GaborSource(),
        _ => throw new ArgumentException($"Unknown built-in model '{name}'. Built-in models: {string.Join(", ", BuiltinNames)}."),
    };
}
