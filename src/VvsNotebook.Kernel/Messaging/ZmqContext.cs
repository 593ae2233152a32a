namespace VvsNotebook.Kernel.Messaging;

/// <summary>A libzmq context: the factory and owner of sockets.</summary>
public sealed class ZmqContext : IDisposable
{
    private IntPtr _handle;

    public ZmqContext()
    {
        LibZmq.EnsureLoaded();
        _handle = LibZmq.zmq_ctx_new();
        if (_handle == IntPtr.Zero) throw new ZmqException("zmq_ctx_new", LibZmq.zmq_errno());
    }

    public ZmqSocket CreateSocket(int type)
    {
        var socket = LibZmq.zmq_socket(_handle, type);
        if (socket == IntPtr.Zero) throw new ZmqException("zmq_socket", LibZmq.zmq_errno());
        return new ZmqSocket(socket);
    }

    /// <summary>Makes blocking calls on every socket return ETERM (used to stop the heartbeat proxy).</summary>
    public void Shutdown()
    {
        if (_handle != IntPtr.Zero) LibZmq.zmq_ctx_shutdown(_handle);
    }

    /// <summary>Terminates the context; waits for sockets' linger so final replies still go out.</summary>
    public void Dispose()
    {
        if (_handle == IntPtr.Zero) return;
        while (LibZmq.zmq_ctx_term(_handle) != 0 && LibZmq.zmq_errno() == LibZmq.EINTR) { }
        _handle = IntPtr.Zero;
    }
}
