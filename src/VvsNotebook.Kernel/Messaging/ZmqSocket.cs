using System.Runtime.InteropServices;
using System.Text;

namespace VvsNotebook.Kernel.Messaging;

/// <summary>
/// One libzmq socket. Not thread-safe (libzmq sockets never are): the owner serialises access, see
/// <see cref="KernelSockets"/>.
/// </summary>
public sealed unsafe class ZmqSocket : IDisposable
{
    internal ZmqSocket(IntPtr handle) => Handle = handle;

    internal IntPtr Handle { get; private set; }

    public void SetOption(int option, int value)
    {
        if (LibZmq.zmq_setsockopt(Handle, option, &value, sizeof(int)) != 0) throw new ZmqException($"zmq_setsockopt({option})", LibZmq.zmq_errno());
    }

    public void SetOption(int option, byte[] value)
    {
        fixed (byte* p = value)
            if (LibZmq.zmq_setsockopt(Handle, option, p, (nuint)value.Length) != 0) throw new ZmqException($"zmq_setsockopt({option})", LibZmq.zmq_errno());
    }

    public void Bind(string endpoint)
    {
        var bytes = Encoding.UTF8.GetBytes(endpoint + "\0");
        fixed (byte* p = bytes)
            if (LibZmq.zmq_bind(Handle, p) != 0) throw new ZmqException($"zmq_bind({endpoint})", LibZmq.zmq_errno());
    }

    public void Connect(string endpoint)
    {
        var bytes = Encoding.UTF8.GetBytes(endpoint + "\0");
        fixed (byte* p = bytes)
            if (LibZmq.zmq_connect(Handle, p) != 0) throw new ZmqException($"zmq_connect({endpoint})", LibZmq.zmq_errno());
    }

    /// <summary>Sends all frames as one multipart message.</summary>
    public void Send(IReadOnlyList<byte[]> frames)
    {
        for (var i = 0; i < frames.Count; i++)
        {
            var flags = i < frames.Count - 1 ? LibZmq.SNDMORE : 0;
            fixed (byte* p = frames[i])
            {
                while (LibZmq.zmq_send(Handle, p, (nuint)frames[i].Length, flags) < 0)
                {
                    var errno = LibZmq.zmq_errno();
                    if (errno != LibZmq.EINTR) throw new ZmqException("zmq_send", errno);
                }
            }
        }
    }

    /// <summary>Sends an empty frame without blocking; a full queue already means "wake up", so EAGAIN is fine.</summary>
    public void Signal()
    {
        byte dummy = 0;
        LibZmq.zmq_send(Handle, &dummy, 0, LibZmq.DONTWAIT);
    }

    /// <summary>Receives one multipart message; null when none is waiting and <paramref name="wait"/> is false.</summary>
    public List<byte[]>? Receive(bool wait = false)
    {
        var frames = new List<byte[]>();
        LibZmq.Msg msg;
        while (true)
        {
            LibZmq.zmq_msg_init(&msg);
            int size;
            while ((size = LibZmq.zmq_msg_recv(&msg, Handle, wait || frames.Count > 0 ? 0 : LibZmq.DONTWAIT)) < 0)
            {
                var errno = LibZmq.zmq_errno();
                if (errno == LibZmq.EINTR) continue;
                LibZmq.zmq_msg_close(&msg);
                if (errno == LibZmq.EAGAIN && frames.Count == 0) return null;
                throw new ZmqException("zmq_msg_recv", errno);
            }
            frames.Add(new ReadOnlySpan<byte>(LibZmq.zmq_msg_data(&msg), size).ToArray());
            var more = LibZmq.zmq_msg_more(&msg) != 0;
            LibZmq.zmq_msg_close(&msg);
            if (!more) return frames;
        }
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> for input on any socket; returns which ones are readable.</summary>
    public static bool[] Poll(IReadOnlyList<ZmqSocket> sockets, int timeoutMs)
    {
        var items = stackalloc LibZmq.PollItem[sockets.Count];
        for (var i = 0; i < sockets.Count; i++) items[i] = new LibZmq.PollItem { Socket = sockets[i].Handle, Events = LibZmq.POLLIN };
        var ready = new bool[sockets.Count];
        if (LibZmq.zmq_poll(items, sockets.Count, new CLong(timeoutMs)) < 0)
        {
            var errno = LibZmq.zmq_errno();
            if (errno == LibZmq.EINTR) return ready;
            throw new ZmqException("zmq_poll", errno);
        }
        for (var i = 0; i < sockets.Count; i++) ready[i] = (items[i].Revents & LibZmq.POLLIN) != 0;
        return ready;
    }

    public void Dispose()
    {
        if (Handle == IntPtr.Zero) return;
        LibZmq.zmq_close(Handle);
        Handle = IntPtr.Zero;
    }
}
