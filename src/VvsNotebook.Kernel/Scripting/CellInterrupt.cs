using System.ComponentModel;

namespace VvsNotebook.Kernel.Scripting;

/// <summary>
/// The running cell's interrupt flag. The kernel injects <see cref="Check"/> into every loop of a cell before
/// compiling it, so even <c>while (true) { }</c> stops when the user interrupts.
/// </summary>
public static class CellInterrupt
{
    private static CancellationToken _token;

    /// <summary>The running cell's token; magics and user code may pass it to long work.</summary>
    public static CancellationToken Token => _token;

    internal static void Begin(CancellationToken token) => _token = token;

    internal static void End() => _token = CancellationToken.None;

    /// <summary>Throws <see cref="OperationCanceledException"/> when the cell has been interrupted.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void Check() => _token.ThrowIfCancellationRequested();
}
