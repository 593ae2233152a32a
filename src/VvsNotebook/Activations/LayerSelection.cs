namespace VvsNotebook.Activations;

/// <summary>Which of a model's layers a benchmark scores when none are named.</summary>
public static class LayerSelection
{
    /// <summary>The word for every layer (<c>--layers all</c>).</summary>
    public const string All = "all";

    /// <summary>
    /// Block-level layers: the top-level modules and their direct children (<c>layer1</c>, <c>layer1.0</c>,
    /// <c>blocks.3</c>), not the convolutions, norms and activations inside a block. Block outputs are what the paper
    /// commits to regions; every layer costs about 14 times the time and 5 times the memory for a small ResNet.
    /// </summary>
    public static IReadOnlyList<string> BlockLevel(IReadOnlyList<string> layers) =>
        layers.Where(l => l.Count(c => c == '.') <= 1).ToList();

    /// <summary>The candidates <paramref name="option"/> names: null for block level, <c>all</c>, or a comma-separated list.</summary>
    public static IReadOnlyList<string> Resolve(string? option, IReadOnlyList<string> layers) => option switch
    {
        null => BlockLevel(layers),
        All => layers,
        _ => option.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
    };
}
