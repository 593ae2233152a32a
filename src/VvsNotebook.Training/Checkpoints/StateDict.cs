using static TorchSharp.torch;

using VvsNotebook.Serialization;

namespace VvsNotebook.Training.Checkpoints;

/// <summary>
/// The model weights of a <c>torch.save</c> file: names (wrapper prefixes such as DataParallel's <c>module.</c>
/// removed) to CPU tensors in the file's order, where in the file they were, and the file's other simple entries
/// (epoch, arch...). Disposing it frees the tensors.
/// </summary>
public sealed class StateDict : IDisposable
{
    internal StateDict(string path, string location, IReadOnlyList<string> strippedPrefixes, OrderedDictionary<string, Tensor> tensors,
        IReadOnlyDictionary<string, object> metadata)
    {
        Path = path; Location = location; StrippedPrefixes = strippedPrefixes; Tensors = tensors; Metadata = metadata;
    }

    public string Path { get; }

    /// <summary>The top-level key that held the weights ("state_dict", "model", ...), or "" for a plain state dict.</summary>
    public string Location { get; }

    /// <summary>Prefixes removed from every name, outermost first (e.g. "module.").</summary>
    public IReadOnlyList<string> StrippedPrefixes { get; }

    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    /// <summary>Top-level entries beside the weights that are numbers, strings or booleans (e.g. "epoch").</summary>
    public IReadOnlyDictionary<string, object> Metadata { get; }

    public void Dispose()
    {
        foreach (var tensor in Tensors.Values) tensor.Dispose();
    }

    /// <summary>Where the weights are in what <paramref name="root"/> holds, or why none are.</summary>
    internal static (PickleDict Weights, string Location) Locate(string path, object? root)
    {
        if (root is PickleDict top)
        {
            if (IsWeights(top)) return (top, "");
            foreach (var key in WeightKeys)
                if (top.TryGet(key, out var value) && value is PickleDict found && IsWeights(found)) return (found, key);
            var candidates = top.Items.Where(kv => kv.Key is string && kv.Value is PickleDict d && IsWeights(d)).ToList();
            if (candidates.Count == 1) return ((PickleDict)candidates[0].Value!, (string)candidates[0].Key);
            if (WeightKeys.Select(k => top.TryGet(k, out var v) ? v : null).OfType<PickleObject>().FirstOrDefault() is { } module)
                throw WholeModule(path, module);
            var keys = string.Join(", ", top.Items.Take(20).Select(kv => $"{TorchPickle.Describe(kv.Key)} ({TorchPickle.Describe(kv.Value)})"));
            throw new PyTorchCheckpointException(candidates.Count > 1
                ? $"{path} holds several state dicts ({string.Join(", ", candidates.Select(c => $"'{c.Key}'"))}) and none under {string.Join(", ", WeightKeys.Select(k => $"'{k}'"))}; save the one you mean with torch.save(checkpoint[key], path)."
                : $"{path} holds no state dict (a dict of tensors) at the top or under {string.Join(", ", WeightKeys.Select(k => $"'{k}'"))}. Its entries: {keys}.");
        }
        if (root is PickleObject whole) throw WholeModule(path, whole);
        throw new PyTorchCheckpointException($"{path} holds {TorchPickle.Describe(root)}, not a state dict; save one with torch.save(model.state_dict(), path).");
    }

    /// <summary>Where training scripts commonly put the weights beside "epoch" and "optimizer".</summary>
    internal static readonly string[] WeightKeys = ["state_dict", "model_state_dict", "model"];

    /// <summary>Wrappers that prefix every name: DataParallel / DistributedDataParallel, and torch.compile.</summary>
    internal static readonly string[] WrapperPrefixes = ["module.", "_orig_mod."];

    private static bool IsWeights(PickleDict dict) => dict.Items.Count > 0 && dict.Items.All(kv => kv.Key is string && kv.Value is TensorRecord);

    private static PyTorchCheckpointException WholeModule(string path, PickleObject module) => new(
        $"{path} holds a whole pickled model ({module.Callable}, saved with torch.save(model)); reading it would need that Python class. " +
        "Save its weights instead: torch.save(model.state_dict(), path).");
}
