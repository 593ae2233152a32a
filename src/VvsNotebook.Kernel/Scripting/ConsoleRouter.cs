using System.Text;

namespace VvsNotebook.Kernel.Scripting;

/// <summary>
/// Replaces <see cref="Console.Out"/> and <see cref="Console.Error"/> for the whole process (Console is global) and
/// forwards what cells write as stream messages: batched every 50 ms so output appears while a cell runs, and
/// flushed before each execute_reply so nothing arrives after the cell's idle status.
/// </summary>
internal sealed class ConsoleRouter : IDisposable
{
    private readonly Func<ICellOutput> _output;
    private readonly RoutedWriter _out, _err;
    private readonly Timer _timer;

    public ConsoleRouter(Func<ICellOutput> output)
    {
        _output = output;
        _out = new RoutedWriter(this, "stdout");
        _err = new RoutedWriter(this, "stderr");
        Console.SetOut(_out);
        Console.SetError(_err);
        _timer = new Timer(_ => Flush(), null, 50, 50);
    }

    public void Flush()
    {
        _out.FlushPending();
        _err.FlushPending();
    }

    public void Dispose() => _timer.Dispose();

    private sealed class RoutedWriter(ConsoleRouter router, string name) : TextWriter
    {
        private readonly StringBuilder _pending = new();
        private readonly Lock _publishing = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_pending) _pending.Append(value);
        }

        public override void Write(string? value)
        {
            lock (_pending) _pending.Append(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            lock (_pending) _pending.Append(buffer, index, count);
        }

        public override void WriteLine(string? value)
        {
            lock (_pending) _pending.Append(value).Append('\n');
        }

        public override void Flush() => FlushPending();

        public void FlushPending()
        {
            // Taking the text and publishing it is one step: otherwise the end-of-cell flush could find the buffer
            // already emptied by the timer and let the idle status overtake the timer's stream message, which clients
            // then drop (seen as a missing stderr line in the conformance suite).
            lock (_publishing)
            {
                string text;
                lock (_pending)
                {
                    if (_pending.Length == 0) return;
                    text = _pending.ToString();
                    _pending.Clear();
                }
                router._output().Stream(name, text);
            }
        }
    }
}
