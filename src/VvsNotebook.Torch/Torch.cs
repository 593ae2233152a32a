using System.Runtime.InteropServices;
using VvsNotebook.Torch.PInvoke;

namespace VvsNotebook.Torch;

/// <summary>
/// Entry point shaped like TorchSharp's <c>torch</c>: tensor factories, seeds, threads, grad mode and dispose
/// scopes. Use with <c>using static VvsNotebook.Torch.torch;</c> to write <c>nn.Conv2d(...)</c>.
/// </summary>
public static partial class torch
{
    public static ScalarType float16 => ScalarType.Float16;
    public static ScalarType bfloat16 => ScalarType.BFloat16;
    public static ScalarType float32 => ScalarType.Float32;
    public static ScalarType float64 => ScalarType.Float64;
    public static ScalarType int64 => ScalarType.Int64;

    /// <summary>Version of the libtorch the shim was compiled against.</summary>
    public static string version => Marshal.PtrToStringUTF8(NativeMethods.vvs_torch_version())!;

    /// <summary>Throws the pending native error of this thread, if any, as a <see cref="TorchException"/>.</summary>
    public static void CheckForErrors()
    {
        var message = NativeMethods.vvs_take_error();
        if (message != IntPtr.Zero) throw new TorchException(Marshal.PtrToStringUTF8(message) ?? "unknown native error");
    }

    internal static void Check(int status)
    {
        if (status == 0) return;
        CheckForErrors();
        throw new TorchException("Native call failed without an error message.");
    }

    /// <summary>Seeds libtorch's default CPU generator (parameter init, dropout, rand*).</summary>
    public static void manual_seed(long seed) => NativeMethods.vvs_manual_seed(unchecked((ulong)seed));

    /// <summary>Intra-op threads. Results are bit-identical for the same seed and thread count.</summary>
    public static void set_num_threads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        NativeMethods.vvs_set_num_threads(threads);
    }

    public static int get_num_threads() => NativeMethods.vvs_get_num_threads();

    /// <summary>State of the default CPU generator, so a resumed run continues the same random stream.</summary>
    public static Tensor get_rng_state() => Tensor.Wrap(NativeMethods.vvs_get_rng_state());

    public static void set_rng_state(Tensor state) => Check(NativeMethods.vvs_set_rng_state(state.Live));

    public static bool is_grad_enabled() => NativeMethods.vvs_grad_enabled();

    /// <summary>Disables gradient recording on this thread until disposed: <c>using var _ = torch.no_grad();</c>.</summary>
    public static IDisposable no_grad() => new GradModeGuard(false);

    public static IDisposable enable_grad() => new GradModeGuard(true);

    /// <summary>Collects every tensor created on this thread until disposed, then disposes them.</summary>
    public static DisposeScope NewDisposeScope() => DisposeScopeManager.NewScope();

    private sealed class GradModeGuard : IDisposable
    {
        private readonly bool _previous;
        private bool _disposed;

        public GradModeGuard(bool enabled)
        {
            _previous = NativeMethods.vvs_grad_enabled();
            NativeMethods.vvs_set_grad_enabled(enabled);
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            NativeMethods.vvs_set_grad_enabled(_previous);
        }
    }

    internal static ScalarType ScalarTypeOf<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? ScalarType.Float32
        : typeof(T) == typeof(double) ? ScalarType.Float64
        : typeof(T) == typeof(long) ? ScalarType.Int64
        : typeof(T) == typeof(int) ? ScalarType.Int32
        : typeof(T) == typeof(byte) ? ScalarType.Byte
        : typeof(T) == typeof(bool) ? ScalarType.Bool
        : typeof(T) == typeof(Half) ? ScalarType.Float16
        : throw new NotSupportedException($"No tensor dtype for {typeof(T).Name}.");
}
