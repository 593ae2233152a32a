namespace VvsNotebook.Kernel.Scripting;

/// <summary>
/// The thread cells run on. One long-lived thread keeps Roslyn's per-thread caches warm from cell to cell; when a
/// cell ignores an interrupt and is abandoned, the next cell gets a fresh thread and the stuck one is left behind.
/// </summary>
internal sealed class CellThread
{
    private readonly Lock _lock = new();
    private Worker _worker = new();

    /// <summary>Starts <paramref name="work"/> on the cell thread; the task completes with its result.</summary>
    public Task<T> Run<T>(Func<Task<T>> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock) _worker.Post(() =>
        {
            try { done.SetResult(work().GetAwaiter().GetResult()); }
            catch (Exception e) { done.SetException(e); }
        });
        return done.Task;
    }

    /// <summary>Gives up on the current thread (its cell would not stop); later cells run on a new one.</summary>
    public void Abandon()
    {
        lock (_lock)
        {
            _worker.Complete();
            _worker = new Worker();
        }
    }

    private sealed class Worker
    {
        private readonly System.Collections.Concurrent.BlockingCollection<Action> _work = new();

        public Worker() => new Thread(() => { foreach (var item in _work.GetConsumingEnumerable()) item(); })
        {
            IsBackground = true, Name = "kernel-cell",
        }.Start();

        public void Post(Action item) => _work.Add(item);

        public void Complete() => _work.CompleteAdding();
    }
}
