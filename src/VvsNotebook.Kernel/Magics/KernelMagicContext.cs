using VvsNotebook.Interactive.Magics;
using VvsNotebook.Kernel.Scripting;

namespace VvsNotebook.Kernel.Magics;

/// <summary>The kernel's side of <see cref="IMagicContext"/>: displays go to the cell, <c>--out</c> values become script variables.</summary>
internal sealed class KernelMagicContext(KernelGlobals globals, ScriptSession session, CancellationToken cancellationToken) : IMagicContext
{
    private readonly List<(string Name, object Value)> _bindings = [];

    public CancellationToken CancellationToken => cancellationToken;

    public IDisplayHandle Display(object value, params string[] mimeTypes) => globals.display(value, mimeTypes);

    public void Bind(string name, object value) => _bindings.Add((name, value));

    public IReadOnlyList<(string Name, Type Type, object? Value)> Variables => session.Variables;

    /// <summary>Declares the variables bound during the magic; runs after it, on the cell's thread.</summary>
    public async Task ApplyBindingsAsync()
    {
        foreach (var (name, value) in _bindings) await session.BindAsync(name, value, cancellationToken);
        _bindings.Clear();
    }
}
