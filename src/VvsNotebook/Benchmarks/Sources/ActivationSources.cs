using VvsNotebook.Activations;

namespace VvsNotebook.Benchmarks.Sources;

/// <summary>
/// Where benchmark commands get models from: built-in feature extractors by name, and trained runs through loaders
/// that other parts of VvsNotebook register (the torch engine registers one for its run directories).
/// </summary>
public static class ActivationSources
{
    private static readonly List<Func<string, IActivationSource?>> RunLoaders = [];

    /// <summary>Names of the built-in sources.</summary>
    public static IReadOnlyList<string> BuiltinNames { get; } = ["pixels", "gabor"];

    public static IActivationSource Builtin(string name) => name switch
    {
        "pixels" => new PixelSource(),
        "gabor" => new GaborSource(),
        _ => throw new ArgumentException($"Unknown built-in model '{name}'. Built-in models: {string.Join(", ", BuiltinNames)}."),
    };

    /// <summary>Adds a loader that turns a run directory into a model, or returns null when it does not recognise it.</summary>
    public static void RegisterRunLoader(Func<string, IActivationSource?> loader)
    {
        lock (RunLoaders) RunLoaders.Add(loader);
    }

    public static IActivationSource FromRun(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"Run directory not found: {directory}");
        Func<string, IActivationSource?>[] loaders;
        lock (RunLoaders) loaders = RunLoaders.ToArray();
        foreach (var load in loaders)
            if (load(directory) is { } source) return source;
        throw new InvalidOperationException(loaders.Length == 0
            ? $"No loader for run directories is registered, so '{directory}' cannot be turned into a model (the torch training engine provides one). Use --model {string.Join("|", BuiltinNames)} for a built-in model."
            : $"No registered loader recognises the run directory '{directory}'.");
    }
}
