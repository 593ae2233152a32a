namespace VvsNotebook.Kernel.Messaging;

/// <summary>A libzmq call failed; <see cref="Errno"/> is zmq_errno().</summary>
public sealed class ZmqException(string operation, int errno)
    : Exception($"{operation} failed: {LibZmq.LastError(errno)} (errno {errno})")
{
    public int Errno { get; } = errno;
}
