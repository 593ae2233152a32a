using System.Collections.Concurrent;

namespace VvsNotebook.Kernel.Messaging;

/// <summary>
/// The five Jupyter sockets and the threads that own them. One IO thread owns shell, control and stdin: it polls
/// them, hands each request to a callback and sends replies other threads queued (woken through an inproc pipe, so a
/// reply leaves at once). IOPub is send-only and guarded by a lock; the heartbeat echoes on its own thread.
/// </summary>
public sealed class KernelSockets : IDisposable
{
    private const int Linger = 1000;
    private readonly ZmqContext _context = new();
    private readonly ZmqSocket _shell, _control, _stdin, _iopub, _heartbeat, _wakeReceiver, _wakeSender;
    private readonly ConcurrentQueue<(Channel Channel, List<byte[]> Frames)> _outbox = new();
    private readonly Lock _iopubLock = new(), _wakeLock = new();
    private readonly Thread _heartbeatThread;
    private volatile bool _stopping;

    public KernelSockets(ConnectionInfo info)
    {
        _shell = Bound(LibZmq.ROUTER, info.Endpoint(info.ShellPort));
        _control = Bound(LibZmq.ROUTER, info.Endpoint(info.ControlPort));
        _stdin = Bound(LibZmq.ROUTER, info.Endpoint(info.StdinPort));
        _iopub = Bound(LibZmq.PUB, info.Endpoint(info.IoPubPort));
        _heartbeat = Bound(LibZmq.ROUTER, info.Endpoint(info.HeartbeatPort));
        var wake = $"inproc://vvs-wake-{Guid.NewGuid():N}";
        _wakeReceiver = Bound(LibZmq.PULL, wake);
        _wakeSender = _context.CreateSocket(LibZmq.PUSH);
        _wakeSender.SetOption(LibZmq.LINGER, 0);
        _wakeSender.Connect(wake);
        _heartbeatThread = new Thread(EchoHeartbeats) { IsBackground = true, Name = "jupyter-heartbeat" };
        _heartbeatThread.Start();
    }

    private ZmqSocket Bound(int type, string endpoint)
    {
        var socket = _context.CreateSocket(type);
        socket.SetOption(LibZmq.LINGER, Linger);
        socket.Bind(endpoint);
        return socket;
    }

    private void EchoHeartbeats()
    {
        // zmq_proxy(s, s) on a ROUTER echoes every ping to its sender, as ipykernel's heartbeat does; it returns
        // when the context shuts down.
        LibZmq.zmq_proxy(_heartbeat.Handle, _heartbeat.Handle, IntPtr.Zero);
    }

    /// <summary>Publishes one message on IOPub; safe from any thread.</summary>
    public void Publish(List<byte[]> frames)
    {
        lock (_iopubLock)
        {
            if (_iopub.Handle != IntPtr.Zero) _iopub.Send(frames);
        }
    }

    /// <summary>Queues a reply for the IO thread to send on <paramref name="channel"/>; safe from any thread.</summary>
    public void Send(Channel channel, List<byte[]> frames)
    {
        _outbox.Enqueue((channel, frames));
        Wake();
    }

    /// <summary>
    /// Runs the IO loop on the calling thread until <see cref="Stop"/>: each incoming request goes to
    /// <paramref name="onRequest"/>; <paramref name="onIdle"/> runs about every 100 ms.
    /// </summary>
    public void Run(Action<Channel, List<byte[]>> onRequest, Action onIdle)
    {
        ZmqSocket[] polled = [_shell, _control, _stdin, _wakeReceiver];
        while (!_stopping)
        {
            var ready = ZmqSocket.Poll(polled, 100);
            if (ready[3]) while (_wakeReceiver.Receive() is not null) { }
            Flush();
            // Control first: interrupts and shutdowns must overtake queued shell work.
            if (ready[1]) Drain(_control, Channel.Control, onRequest);
            if (ready[0]) Drain(_shell, Channel.Shell, onRequest);
            if (ready[2]) Drain(_stdin, Channel.Stdin, onRequest);
            Flush();
            onIdle();
        }
        Flush();
    }

    private void Drain(ZmqSocket socket, Channel channel, Action<Channel, List<byte[]>> onRequest)
    {
        while (!_stopping && socket.Receive() is { } frames) onRequest(channel, frames);
    }

    private void Flush()
    {
        while (_outbox.TryDequeue(out var item))
        {
            var socket = item.Channel switch { Channel.Shell => _shell, Channel.Control => _control, _ => _stdin };
            socket.Send(item.Frames);
        }
    }

    /// <summary>Ends the IO loop after it has sent what is queued.</summary>
    public void Stop()
    {
        _stopping = true;
        Wake();
    }

    private void Wake()
    {
        lock (_wakeLock)
            if (_wakeSender.Handle != IntPtr.Zero) _wakeSender.Signal();
    }

    public void Dispose()
    {
        _stopping = true;
        _context.Shutdown();
        _heartbeatThread.Join(TimeSpan.FromSeconds(2));
        lock (_iopubLock)
        {
            foreach (var s in new[] { _shell, _control, _stdin, _iopub, _heartbeat, _wakeReceiver }) s.Dispose();
        }
        lock (_wakeLock) _wakeSender.Dispose();
        _context.Dispose();
    }
}
