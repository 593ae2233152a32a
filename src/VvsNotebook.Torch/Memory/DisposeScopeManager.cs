namespace VvsNotebook.Torch;

/// <summary>Per-thread stack of dispose scopes.</summary>
public static class DisposeScopeManager
{
    [ThreadStatic] private static DisposeScope? _current;
    [ThreadStatic] private static DisposeScopeStatistics? _statistics;

    public static DisposeScopeStatistics Statistics => _statistics ??= new DisposeScopeStatistics();

    internal static DisposeScope NewScope() => _current = new DisposeScope(_current);

    internal static void Register(Tensor t)
    {
        Statistics.Created++;
        _current?.Tensors.Add(t);
    }

    internal static void Forget(Tensor t)
    {
        for (var s = _current; s is not null; s = s.Outer) s.Tensors.Remove(t);
    }

    internal static void MoveToOuter(Tensor t)
    {
        for (var s = _current; s is not null; s = s.Outer)
        {
            if (!s.Tensors.Remove(t)) continue;
            s.Outer?.Tensors.Add(t);
            return;
        }
    }

    internal static void Pop(DisposeScope scope)
    {
        // Scopes end in reverse order of creation; an out-of-order Dispose just unlinks that scope.
        if (ReferenceEquals(_current, scope)) _current = scope.Outer;
    }
}
