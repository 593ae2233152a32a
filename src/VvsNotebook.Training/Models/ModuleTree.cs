using static TorchSharp.torch.nn;

namespace VvsNotebook.Training.Models;

/// <summary>Walks a module tree in PyTorch's <c>named_modules()</c> order (depth first, registration order).</summary>
public static class ModuleTree
{
    /// <summary>The module itself (name "") and every descendant with its dotted name, depth first.</summary>
    public static IEnumerable<(string Name, Module Module)> DepthFirst(Module root)
    {
        yield return ("", root);
        foreach (var (name, child) in root.named_children())
            foreach (var (sub, module) in DepthFirst(child))
                yield return (sub.Length == 0 ? name : $"{name}.{sub}", module);
    }
}
