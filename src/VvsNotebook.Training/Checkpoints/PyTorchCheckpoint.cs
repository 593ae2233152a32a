using TorchSharp;
using VvsNotebook.Training.Models;
using VvsNotebook.Training.Runtime;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

using VvsNotebook.Serialization;

namespace VvsNotebook.Training.Checkpoints;

/// <summary>
/// PyTorch's checkpoint files for the zoo: <see cref="Read"/> and <see cref="LoadInto(Module, string, bool)"/> take
/// what <c>torch.save</c> writes (zip format, PyTorch 1.6 and later), a plain <c>state_dict</c> or a training
/// checkpoint that nests it under "state_dict", "model_state_dict" or "model" (DataParallel's <c>module.</c> prefix
/// removed, optimizer state ignored); <see cref="Save"/> writes a state dict that <c>torch.load</c> reads, also with
/// <c>weights_only=True</c>. Reading runs no pickled code.
/// </summary>
public static partial class PyTorchCheckpoint
{
    /// <summary>The weights in <paramref name="path"/>, as CPU tensors the caller disposes (through the result).</summary>
    public static StateDict Read(string path)
    {
        TorchRuntime.EnsureLoaded();
        var full = Path.GetFullPath(path);
        using var archive = CheckpointArchive.Open(full);
        var (weights, location) = StateDict.Locate(full, archive.Root);
        var prefixes = StateNames.CommonWrapperPrefixes(weights.Items.Keys.Cast<string>().ToList());
        var cut = prefixes.Sum(p => p.Length);
        var tensors = new OrderedDictionary<string, Tensor>();
        try
        {
            foreach (var (key, value) in weights.Items)
                tensors.Add(((string)key)[cut..], archive.Read((TensorRecord)value!).DetachFromDisposeScope());
        }
        catch
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
            throw;
        }
        var metadata = location.Length > 0 && archive.Root is PickleDict top
            ? top.Items.Where(kv => kv.Key is string && kv.Value is long or double or string or bool).ToDictionary(kv => (string)kv.Key, kv => kv.Value!)
            : new Dictionary<string, object>();
        return new StateDict(full, location, prefixes, tensors, metadata);
    }

    /// <summary>Copies the weights in <paramref name="path"/> into <paramref name="model"/> (see <see cref="LoadInto(Module, StateDict, bool, string?)"/>).</summary>
    public static CheckpointLoadReport LoadInto(Module model, string path, bool strict = true)
    {
        using var state = Read(path);
        return LoadInto(model, state, strict);
    }

    /// <summary>
    /// Copies <paramref name="state"/> into <paramref name="model"/>'s parameters and buffers by name (converted to the
    /// model's dtype and device). Strict (the default) throws <see cref="StateDictMismatchException"/>, naming every
    /// missing, unexpected and wrongly shaped tensor, before anything is copied; otherwise the matching tensors are
    /// copied and the rest reported. Missing BatchNorm step counters are set to 0, as PyTorch does for old checkpoints.
    /// </summary>
    /// <param name="modelName">How the message names the model (default: its class).</param>
    public static CheckpointLoadReport LoadInto(Module model, StateDict state, bool strict = true, string? modelName = null)
    {
        var targets = model.state_dict();
        var sources = new Dictionary<string, string>();      // model name -> checkpoint name
        var renamed = new Dictionary<string, string>();
        var unexpected = new List<string>();
        foreach (var name in state.Tensors.Keys)
        {
            if (targets.ContainsKey(name) && sources.TryAdd(name, name)) continue;
            if (StateNames.Alias(name) is { } alias && targets.ContainsKey(alias) && !state.Tensors.ContainsKey(alias) && sources.TryAdd(alias, name))
                renamed[name] = alias;
            else unexpected.Add(name);
        }
        var absent = targets.Keys.Where(n => !sources.ContainsKey(n)).ToList();
        var defaulted = absent.Where(n => n == "num_batches_tracked" || n.EndsWith(".num_batches_tracked", StringComparison.Ordinal)).ToList();
        var missing = absent.Except(defaulted).ToList();
        var shapes = sources.Where(kv => !targets[kv.Key].shape.SequenceEqual(state.Tensors[kv.Value].shape))
            .Select(kv => new ShapeMismatch(kv.Value, state.Tensors[kv.Value].shape, targets[kv.Key].shape)).ToList();
        if (strict && missing.Count + unexpected.Count + shapes.Count > 0)
            throw new StateDictMismatchException(state.Path, modelName ?? model.GetName(), missing, unexpected, shapes);

        var skip = shapes.Select(s => s.Name).ToHashSet();
        using (torch.no_grad())
        {
            foreach (var (target, source) in sources)
                if (!skip.Contains(source)) targets[target].copy_(state.Tensors[source]);
            foreach (var name in defaulted) targets[name].zero_();
        }
        return new CheckpointLoadReport
        {
            Checkpoint = state.Path, Location = state.Location, StrippedPrefixes = state.StrippedPrefixes,
            Loaded = sources.Count - skip.Count, Renamed = renamed, Defaulted = defaulted,
            Missing = missing, Unexpected = unexpected, ShapeMismatches = shapes,
        };
    }

    /// <summary>Builds <paramref name="spec"/> from the zoo and loads <paramref name="path"/> into it; returns it in eval mode (the caller disposes it).</summary>
    public static Module<Tensor, Tensor> Load(ModelSpec spec, string path, bool strict = true)
    {
        var model = ModelZoo.Create(spec);
        try
        {
            using var state = Read(path);
            LoadInto(model, state, strict, spec.Id);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.eval();
        return model;
    }

    /// <summary>
    /// Writes <paramref name="model"/>'s parameters and buffers as a PyTorch state dict (zip format, CPU, in PyTorch's
    /// <c>state_dict()</c> order: each module's parameters, then its buffers, depth first), atomically.
    /// </summary>
    public static void Save(Module model, string path)
    {
        TorchRuntime.EnsureLoaded();
        using var scope = torch.NewDisposeScope();
        CheckpointWriter.Write(Path.GetFullPath(path), StateInPyTorchOrder(model).Select(kv => (kv.Name, kv.Tensor.detach().cpu().contiguous())).ToList());
    }

    /// <summary>The model's parameters and buffers (live tensors) in the order <c>module.state_dict()</c> lists them in PyTorch.</summary>
    public static List<(string Name, Tensor Tensor)> StateInPyTorchOrder(Module model)
    {
        var all = model.state_dict();
        var ordered = new List<(string, Tensor)>();
        foreach (var (prefix, module) in ModuleTree.DepthFirst(model))
        {
            var own = module.named_parameters(recurse: false).Select(p => (p.Item1, (Tensor)p.Item2))
                .Concat(module.named_buffers(recurse: false, include_nonpersistent: false));
            foreach (var (name, _) in own)
            {
                var full = prefix.Length == 0 ? name : $"{prefix}.{name}";
                if (all.TryGetValue(full, out var tensor)) ordered.Add((full, tensor));
            }
        }
        if (ordered.Count != all.Count)
            ordered.AddRange(all.Where(kv => !ordered.Any(o => o.Item1 == kv.Key)).Select(kv => (kv.Key, kv.Value)));
        return ordered;
    }
}
