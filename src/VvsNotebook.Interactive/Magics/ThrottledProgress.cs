namespace VvsNotebook.Interactive.Magics;

/// <summary>
/// Progress that reaches the notebook at most every 200 ms (plus the final report), so a fast loop does not flood
/// the front end with display updates. Reports run on the reporting thread.
/// </summary>
public sealed class ThrottledProgress<T>(Action<T> report, int intervalMs = 200) : IProgress<T>
{
    private long _next;

    public void Report(T value)
    {
        var now = Environment.TickCount64;
        if (now < Interlocked.Read(ref _next)) return;
        Interlocked.Exchange(ref _next, now + intervalMs);
        report(value);
    }
}
