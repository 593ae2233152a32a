using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using VvsNotebook.Kernel.Handlers;
using VvsNotebook.Kernel.Messaging;
using VvsNotebook.Kernel.Protocol;

namespace VvsNotebook.Kernel;

/// <summary>
/// The C# Jupyter kernel. The calling thread runs the socket loop and answers kernel_info, interrupt and shutdown at
/// once, even while a cell runs; every other request waits its turn on the executor thread. Each request is wrapped
/// in busy/idle status messages, which jupyter_client and nbclient rely on.
/// </summary>
public sealed class JupyterKernel : IDisposable
{
    private readonly MessageCodec _codec;
    private readonly KernelSockets _sockets;
    private readonly BlockingCollection<KernelRequest> _queue = new();
    private readonly Dictionary<string, IRequestHandler> _handlers;
    private readonly KernelServices _services;
    private readonly int _parentPid = GetParentPid();
    private long _nextParentCheck;
    private volatile bool _shuttingDown;

    public JupyterKernel(ConnectionInfo connection)
    {
        _codec = new MessageCodec(new MessageSigner(connection.Key));
        _sockets = new KernelSockets(connection);
        _services = new KernelServices(this);
        IRequestHandler[] handlers =
        [
            new KernelInfoHandler(), new ExecuteHandler(_services), new IsCompleteHandler(), new CompleteHandler(_services),
            new InspectHandler(_services), new InterruptHandler(_services), new ShutdownHandler(this), new CommInfoHandler(),
            new HistoryHandler(_services),
        ];
        _handlers = handlers.ToDictionary(h => h.MsgType);
    }

    /// <summary>Runs until a shutdown_request (or the front end's process disappears); returns the exit code.</summary>
    public int Run()
    {
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c =>
        {
            // Front ends that ignore interrupt_mode "message" send SIGINT, which would otherwise kill the process.
            c.Cancel = true;
            _services.Interrupt();
        });
        Publish(null, "status", new KernelStatus("starting"));
        var executor = new Thread(ExecuteQueued) { IsBackground = true, Name = "kernel-executor" };
        executor.Start();
        _sockets.Run(OnRequest, OnIdle);
        _queue.CompleteAdding();
        KernelLog.Write("shut down");
        return 0;
    }

    private void OnRequest(Channel channel, List<byte[]> frames)
    {
        var message = _codec.Decode(frames, out var problem);
        if (message is null)
        {
            KernelLog.Write($"refused a message on {channel}: {problem}");
            return;
        }
        var request = new KernelRequest(this, channel, message);
        if (_handlers.TryGetValue(message.MsgType, out var handler) && handler.RunsImmediately) Handle(request, handler);
        else if (!_queue.IsAddingCompleted) _queue.Add(request);
    }

    private void ExecuteQueued()
    {
        _services.WarmUp();
        foreach (var request in _queue.GetConsumingEnumerable())
        {
            _handlers.TryGetValue(request.MsgType, out var handler);
            Handle(request, handler);
        }
    }

    private void Handle(KernelRequest request, IRequestHandler? handler)
    {
        Publish(request.Header, "status", new KernelStatus("busy"));
        try
        {
            if (handler is null) KernelLog.Write($"no handler for '{request.MsgType}'; answered busy/idle only");
            else handler.Handle(request);
        }
        catch (Exception e)
        {
            KernelLog.Write($"{request.MsgType} failed: {e}");
            if (request.MsgType.EndsWith("_request", StringComparison.Ordinal))
                request.Reply(request.MsgType.Replace("_request", "_reply"), new ErrorReply(e.GetType().Name, e.Message, [e.ToString()]));
        }
        finally
        {
            Publish(request.Header, "status", new KernelStatus("idle"));
        }
    }

    internal void AbortQueuedExecutes()
    {
        // After a failed cell with stop_on_error, cells already queued behind it do not run (as in ipykernel).
        var keep = new List<KernelRequest>();
        while (_queue.TryTake(out var queued))
        {
            if (queued.MsgType != "execute_request") { keep.Add(queued); continue; }
            Publish(queued.Header, "status", new KernelStatus("busy"));
            queued.Reply("execute_reply", new ErrorReply("Aborted", "An earlier cell failed.", [], _services.ExecutionCount, "aborted"));
            Publish(queued.Header, "status", new KernelStatus("idle"));
        }
        foreach (var k in keep) _queue.Add(k);
    }

    private void OnIdle()
    {
        var now = Environment.TickCount64;
        if (now < _nextParentCheck) return;
        _nextParentCheck = now + 1000;
        if (_parentPid > 1 && GetParentPid() != _parentPid)
        {
            KernelLog.Write("the front end that started this kernel has exited; shutting down");
            Stop();
        }
    }

    internal void Reply(KernelRequest request, string msgType, object content)
    {
        var frames = _codec.Encode(request.Message.Identities, _codec.NewHeader(msgType), request.Header, ProtocolJson.ToNode(content));
        _sockets.Send(request.Channel, frames);
    }

    internal void Publish(JsonObject? parent, string msgType, object content)
    {
        var topic = System.Text.Encoding.UTF8.GetBytes($"kernel.{_codec.Session}.{msgType}");
        var frames = _codec.Encode([topic], _codec.NewHeader(msgType), parent, ProtocolJson.ToNode(content));
        _sockets.Publish(frames);
    }

    /// <summary>Stops the socket loop after the queued replies are sent; <see cref="Run"/> then returns.</summary>
    internal void Stop()
    {
        _shuttingDown = true;
        _services.Interrupt();
        _sockets.Stop();
    }

    internal bool ShuttingDown => _shuttingDown;

    public void Dispose()
    {
        _sockets.Dispose();
        _services.Dispose();
    }

    [DllImport("libc", EntryPoint = "getppid")]
    private static extern int getppid();

    private static int GetParentPid()
    {
        try { return OperatingSystem.IsWindows() ? 0 : getppid(); }
        catch (EntryPointNotFoundException) { return 0; }
        catch (DllNotFoundException) { return 0; }
    }
}
