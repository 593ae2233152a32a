using System.Reflection;
using System.Runtime.InteropServices;

namespace VvsNotebook.Kernel.Messaging;

/// <summary>P/Invoke declarations for the subset of libzmq (Debian <c>libzmq5</c>) the kernel uses.</summary>
internal static unsafe class LibZmq
{
    private const string Lib = "libzmq";

    public const int PUB = 1, REQ = 3, DEALER = 5, ROUTER = 6, PULL = 7, PUSH = 8;
    public const int SNDMORE = 2, DONTWAIT = 1;
    public const int LINGER = 17, SUBSCRIBE = 6, SNDHWM = 23, RCVHWM = 24;
    public const short POLLIN = 1;
    public const int EAGAIN = 11, EINTR = 4, ETERM = 156384765;

    static LibZmq() => NativeLibrary.SetDllImportResolver(typeof(LibZmq).Assembly, Resolve);

    /// <summary>Runs the static constructor so the resolver is in place before the first call.</summary>
    public static void EnsureLoaded() => zmq_errno();

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Lib) return IntPtr.Zero;
        // Debian's runtime package ships only the versioned soname; libzmq.so needs libzmq3-dev.
        foreach (var candidate in new[] { "libzmq.so.5", "libzmq.so", "libzmq.5.dylib", "libzmq" })
            if (NativeLibrary.TryLoad(candidate, assembly, path, out var handle)) return handle;
        throw new DllNotFoundException("libzmq was not found: install Debian's libzmq5 (environment/apt-packages.txt lists it).");
    }

    /// <summary>zmq_pollitem_t on POSIX, where fd is a C int (Windows would need a pointer-sized SOCKET).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollItem
    {
        public IntPtr Socket;
        public int Fd;
        public short Events;
        public short Revents;
    }

    /// <summary>zmq_msg_t: 64 opaque bytes, pointer-aligned.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 64)]
    public struct Msg
    {
        private long _a;
    }

    [DllImport(Lib)] public static extern IntPtr zmq_ctx_new();
    [DllImport(Lib)] public static extern int zmq_ctx_shutdown(IntPtr context);
    [DllImport(Lib)] public static extern int zmq_ctx_term(IntPtr context);
    [DllImport(Lib)] public static extern IntPtr zmq_socket(IntPtr context, int type);
    [DllImport(Lib)] public static extern int zmq_close(IntPtr socket);
    [DllImport(Lib)] public static extern int zmq_setsockopt(IntPtr socket, int option, void* value, nuint length);
    [DllImport(Lib)] public static extern int zmq_bind(IntPtr socket, byte* endpoint);
    [DllImport(Lib)] public static extern int zmq_connect(IntPtr socket, byte* endpoint);
    [DllImport(Lib)] public static extern int zmq_send(IntPtr socket, byte* buffer, nuint length, int flags);
    [DllImport(Lib)] public static extern int zmq_msg_init(Msg* message);
    [DllImport(Lib)] public static extern int zmq_msg_recv(Msg* message, IntPtr socket, int flags);
    [DllImport(Lib)] public static extern void* zmq_msg_data(Msg* message);
    [DllImport(Lib)] public static extern nuint zmq_msg_size(Msg* message);
    [DllImport(Lib)] public static extern int zmq_msg_more(Msg* message);
    [DllImport(Lib)] public static extern int zmq_msg_close(Msg* message);
    [DllImport(Lib)] public static extern int zmq_poll(PollItem* items, int count, CLong timeout);
    [DllImport(Lib)] public static extern int zmq_proxy(IntPtr frontend, IntPtr backend, IntPtr capture);
    [DllImport(Lib)] public static extern int zmq_errno();
    [DllImport(Lib)] public static extern IntPtr zmq_strerror(int error);

    public static string LastError(int? errno = null) =>
        Marshal.PtrToStringUTF8(zmq_strerror(errno ?? zmq_errno())) ?? "unknown zmq error";
}
