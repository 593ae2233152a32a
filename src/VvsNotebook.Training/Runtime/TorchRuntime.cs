using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Serialization;
using TorchSharp;

namespace VvsNotebook.Training.Runtime;

/// <summary>A libtorch that cannot be loaded or a device that is not there, with what to do about it.</summary>
public sealed class TorchRuntimeException(string message, Exception? inner = null) : InvalidOperationException(message, inner);

/// <summary>Where libtorch came from and what this machine offers (<c>vvs torch</c> prints it).</summary>
public sealed record TorchRuntimeInfo(
    [property: JsonPropertyName("torchsharp_version")] string TorchSharpVersion,
    [property: JsonPropertyName("libtorch_version")] string LibTorchVersion,
    [property: JsonPropertyName("backend")] string Backend,
    [property: JsonPropertyName("libtorch_directory")] string LibTorchDirectory,
    [property: JsonPropertyName("libtorchsharp")] string LibTorchSharp,
    [property: JsonPropertyName("libstdcxx_fix")] string? CompatibilityFix,
    [property: JsonPropertyName("libstdcxx")] string SystemLibStdCxx,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("cuda_available")] bool CudaAvailable,
    [property: JsonPropertyName("cpu_has_bf16")] bool CpuHasBf16,
    [property: JsonPropertyName("malloc_tuning")] string? MallocTuning);

/// <summary>
/// Loads TorchSharp's native side once per process, before anything touches <c>torch</c>. The projects do not copy
/// libtorch (440 MB) into their outputs: the natives are loaded by absolute path from the restored NuGet packages
/// (or a libtorch folder next to the app, or <c>VVS_LIBTORCH_DIR</c>), and <c>libLibTorchSharp.so</c> goes through
/// <see cref="LibStdCxxCompatibility"/> so it also loads on systems with GCC 12's libstdc++. Every training,
/// activation and checkpoint entry point calls <see cref="EnsureLoaded"/>; call it yourself before using TorchSharp
/// directly in a notebook.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static TorchRuntimeInfo? _info;

    /// <summary>"cpu" or "cuda": the libtorch build this assembly was compiled against (<c>-p:VvsTorchBackend</c>).</summary>
    public static string Backend => Metadata("VvsTorchBackend") ?? "cpu";

    /// <summary>Loads the natives (idempotent, thread-safe) and describes them.</summary>
    public static TorchRuntimeInfo EnsureLoaded()
    {
        if (_info is { } ready) return ready;
        lock (Gate)
        {
            if (_info is { } raced) return raced;
            _info = Load();
            return _info;
        }
    }

    /// <summary>
    /// Resolves a device name ("cpu", "cuda", "cuda:1"). A GPU that this build or machine lacks is an error, never a
    /// quiet fall-back to the CPU: a run's config, and so its results, name the device it ran on.
    /// </summary>
    public static torch.Device Device(string name)
    {
        var lowered = name.Trim().ToLowerInvariant();
        if (lowered == "cpu")
        {
            EnsureLoaded();
            return torch.CPU;
        }
        if (lowered != "cuda" && !System.Text.RegularExpressions.Regex.IsMatch(lowered, "^cuda:[0-9]+$"))
            throw new ArgumentException($"Unknown device '{name}'; use --device cpu or --device cuda (cuda:N for one of several GPUs).");
        // Checked before loading anything: the answer is in this assembly's metadata.
        if (Backend != "cuda")
            throw new TorchRuntimeException($"--device {lowered} asks for a GPU, but this build uses the CPU libtorch. Use --device cpu, or rebuild with " +
                "`dotnet build -c Release -p:VvsTorchBackend=cuda` on a machine with an NVIDIA driver (README, \"Training on a GPU\"; untested).");
        EnsureLoaded();
        if (!torch.cuda.is_available())
            throw new TorchRuntimeException($"--device {lowered} asks for a GPU, but libtorch finds no CUDA device on this machine (torch.cuda.is_available() is false). " +
                "Check the NVIDIA driver (nvidia-smi), or use --device cpu.");
        var count = torch.cuda.device_count();
        if (lowered.StartsWith("cuda:", StringComparison.Ordinal) && !(int.TryParse(lowered[5..], System.Globalization.CultureInfo.InvariantCulture, out var index) && index < count))
            throw new TorchRuntimeException($"--device {lowered} names GPU {lowered[5..]}, but this machine has {count} (cuda:0 to cuda:{count - 1}).");
        return torch.device(lowered);
    }

    /// <summary>Whether this processor computes bf16 natively (AVX-512 BF16 or AMX), where bf16 training pays off.</summary>
    public static bool CpuHasBf16()
    {
        if (!File.Exists("/proc/cpuinfo")) return false;
        foreach (var line in File.ReadLines("/proc/cpuinfo"))
            if (line.StartsWith("flags", StringComparison.Ordinal))
                return line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(f => f is "avx512_bf16" or "amx_bf16");
        return false;
    }

    private static TorchRuntimeInfo Load()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            throw new TorchRuntimeException($"VvsNotebook's training runs on Linux x64; this is {RuntimeInformation.OSDescription} {RuntimeInformation.ProcessArchitecture}.");
        var torchSharpVersion = typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
            ?? typeof(torch).Assembly.GetName().Version!.ToString(3);
        var libtorchVersion = Metadata("VvsLibTorchVersion") ?? "2.10.0";
        var libtorchDir = LibTorchDirectory(libtorchVersion);
        var libTorchSharp = LibTorchSharpFile(torchSharpVersion, libtorchDir);

        var cache = Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
            "vvsnotebook", "libtorchsharp", torchSharpVersion);
        var (loadable, plan) = LibStdCxxCompatibility.Resolve(libTorchSharp, cache);

        // Dependencies first, by absolute path: libLibTorchSharp (possibly a copy elsewhere) then finds them by soname,
        // and so does TorchSharp's own probe for "torch_cpu".
        foreach (var name in new[] { "libgomp-98b21ff3.so.1", "libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so" })
        {
            var file = Path.Combine(libtorchDir, name);
            if (File.Exists(file)) LoadOrExplain(file);
        }
        LoadOrExplain(loadable);
        var malloc = MallocTuning.Apply();

        torch.InitializeDeviceType(Backend == "cuda" && torch.cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU);
        var fix = plan.NeedsFix
            ? $"{LibStdCxxCompatibility.Library} lacks {string.Join(", ", plan.ToWeaken.Select(v => v.Version))}; loaded a copy with that marker-only requirement marked weak: {loadable}"
            : null;
        return new TorchRuntimeInfo(torchSharpVersion, libtorchVersion, Backend, libtorchDir, loadable, fix, LibStdCxxCompatibility.SystemLibStdCxx(),
            torch.get_num_threads(), torch.cuda.is_available(), CpuHasBf16(), malloc);
    }

    private static void LoadOrExplain(string file)
    {
        try { NativeLibrary.Load(file); }
        catch (DllNotFoundException e)
        {
            throw new TorchRuntimeException($"Could not load {file}: {e.Message.Split('\n').LastOrDefault(l => l.Trim().Length > 0)?.Trim()}", e);
        }
    }

    /// <summary>VVS_LIBTORCH_DIR, a libtorch next to the app, or the restored libtorch package.</summary>
    private static string LibTorchDirectory(string version)
    {
        if (Environment.GetEnvironmentVariable("VVS_LIBTORCH_DIR") is { Length: > 0 } overridden)
            return File.Exists(Path.Combine(overridden, "libtorch_cpu.so")) ? overridden
                : throw new TorchRuntimeException($"VVS_LIBTORCH_DIR is {overridden}, which holds no libtorch_cpu.so. Point it at libtorch's lib folder or unset it.");
        foreach (var local in LocalNativeDirectories())
            if (File.Exists(Path.Combine(local, "libtorch_cpu.so"))) return local;
        var package = Metadata("VvsLibTorchPackage") ?? "libtorch-cpu-linux-x64";
        var dir = Path.Combine(PackagesRoot(), package, version, "runtimes", "linux-x64", "native");
        return File.Exists(Path.Combine(dir, "libtorch_cpu.so")) ? dir
            : throw new TorchRuntimeException($"libtorch {version} is not restored: {dir} holds no libtorch_cpu.so. Run `dotnet restore` on a project that references " +
                $"VvsNotebook (the package {package} {version} brings it), or set VVS_LIBTORCH_DIR to a libtorch {version} lib folder.");
    }

    private static string LibTorchSharpFile(string version, string libtorchDir)
    {
        foreach (var dir in LocalNativeDirectories().Prepend(libtorchDir))
            if (File.Exists(Path.Combine(dir, "libLibTorchSharp.so"))) return Path.Combine(dir, "libLibTorchSharp.so");
        var file = Path.Combine(PackagesRoot(), "torchsharp", version, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        return File.Exists(file) ? file
            : throw new TorchRuntimeException($"TorchSharp {version} is not restored: {file} is missing. Run `dotnet restore` on a project that references VvsNotebook.");
    }

    private static IEnumerable<string> LocalNativeDirectories()
    {
        var app = AppContext.BaseDirectory;
        yield return app;
        yield return Path.Combine(app, "runtimes", "linux-x64", "native");
        var torchSharp = Path.GetDirectoryName(typeof(torch).Assembly.Location);
        if (!string.IsNullOrEmpty(torchSharp) && torchSharp != Path.TrimEndingDirectorySeparator(app)) yield return torchSharp;
    }

    /// <summary>NUGET_PACKAGES, else ~/.nuget/packages, else the packages folder TorchSharp.dll itself was loaded from.</summary>
    private static string PackagesRoot()
    {
        if (Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured) return configured;
        var home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        if (Directory.Exists(home)) return home;
        // .../packages/torchsharp/0.107.0/lib/net8.0/TorchSharp.dll (notebooks load it from the cache)
        var location = typeof(torch).Assembly.Location;
        return string.IsNullOrEmpty(location) ? home : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(location)!, "..", "..", "..", ".."));
    }

    private static string? Metadata(string key) =>
        typeof(TorchRuntime).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;
}
