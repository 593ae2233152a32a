namespace VvsNotebook.Interactive.Magics;

/// <summary>
/// What a notebook host offers a running magic: displays (updatable, for live progress), a variable binding for
/// <c>--out</c>, and the cell's cancellation token, which fires when the user interrupts the kernel.
/// </summary>
public interface IMagicContext
{
    CancellationToken CancellationToken { get; }

    /// <summary>Shows a value now; the handle replaces it in place later (live progress, training curves).</summary>
    IDisplayHandle Display(object value, params string[] mimeTypes);

    /// <summary>Makes <paramref name="value"/> a C# variable called <paramref name="name"/> in the next cells.</summary>
    void Bind(string name, object value);

    /// <summary>Names of variables the notebook's C# state holds now, for <c>#!who</c>-style magics.</summary>
    IReadOnlyList<(string Name, Type Type, object? Value)> Variables { get; }
}
