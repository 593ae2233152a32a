namespace VvsNotebook.Torch;

/// <summary>
/// Tensors created on this thread while the scope is the innermost one; disposing the scope disposes them,
/// so a notebook cell or a training step does not leave native memory to the GC.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    internal readonly HashSet<Tensor> Tensors = new(ReferenceEqualityComparer.Instance);

    internal DisposeScope(DisposeScope? outer) => Outer = outer;

    internal DisposeScope? Outer { get; }

    public bool IsDisposed { get; private set; }

    /// <summary>Tensors this scope will dispose.</summary>
    public int Count => Tensors.Count;

    public void Dispose()
    {
        if (IsDisposed) return;
        IsDisposed = true;
        foreach (var t in Tensors.ToArray())
        {
            t.Handle.Dispose();
            DisposeScopeManager.Statistics.Disposed++;
        }
        Tensors.Clear();
        DisposeScopeManager.Pop(this);
    }
}

/// <summary>Counters that make memory behaviour testable.</summary>
public sealed class DisposeScopeStatistics
{
    /// <summary>Tensors created on this thread (in or out of a scope).</summary>
    public long Created { get; internal set; }
    /// <summary>Tensors disposed by a scope.</summary>
    public long Disposed { get; internal set; }
    public void Reset() { Created = 0; Disposed = 0; }
}
