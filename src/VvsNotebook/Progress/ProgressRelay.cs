namespace VvsNotebook.Progress;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls <paramref name="report"/> on the reporting thread, at once. Unlike
/// <see cref="Progress{T}"/> it posts nothing to a synchronisation context, so reports arrive in order and none is
/// still pending when the work returns.
/// </summary>
public sealed class ProgressRelay<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
