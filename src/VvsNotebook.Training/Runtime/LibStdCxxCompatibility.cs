using System.Security.Cryptography;
using VvsNotebook.Files;

namespace VvsNotebook.Training.Runtime;

/// <summary>
/// TorchSharp 0.107's <c>libLibTorchSharp.so</c> was linked with GCC 13 and asks libstdc++ for <c>GLIBCXX_3.4.32</c>,
/// but only for <c>std::ios_base_library_init</c>, a marker symbol GCC 13's &lt;iostream&gt; references so that the
/// linker records the dependency; nothing calls it. GCC 12's libstdc++ (Debian 12, Ubuntu 22.04, RHEL 9) lacks that
/// version, so the library fails to load. Where, and only where, that marker is the sole missing piece, this makes
/// a copy of the library with that one version requirement marked weak (VER_FLG_WEAK, which glibc then treats as a
/// warning), cached once per machine. Any other missing version is reported, not patched.
/// </summary>
public static class LibStdCxxCompatibility
{
    public const string Library = "libstdc++.so.6";

    /// <summary>Versions GCC 13+ references only through link-time markers, never through a call.</summary>
    public static IReadOnlyDictionary<string, string> MarkerOnlyVersions { get; } = new Dictionary<string, string>
    {
        ["GLIBCXX_3.4.32"] = "_ZSt21ios_base_library_initv",
    };

    /// <summary>What loading <see cref="Plan.Original"/> on this system takes.</summary>
    public sealed record Plan(string Original, IReadOnlyList<string> Missing, IReadOnlyList<ElfSymbolVersions.NeededVersion> ToWeaken)
    {
        public bool NeedsFix => ToWeaken.Count > 0;
    }

    /// <summary>
    /// Compares what <paramref name="library"/> needs from libstdc++ with what <paramref name="provided"/> (the system's
    /// libstdc++ version definitions) has. Throws <see cref="TorchRuntimeException"/> when a missing version is more
    /// than a marker.
    /// </summary>
    public static Plan PlanFor(string library, ElfSymbolVersions elf, IReadOnlyCollection<string> provided, string systemLibrary)
    {
        var fromLibStdCxx = elf.Needed.Where(n => n.Library == Library).ToList();
        var missing = fromLibStdCxx.Where(n => !provided.Contains(n.Version)).ToList();
        var unfixable = missing.Where(n => !n.IsWeak && !IsMarkerOnly(elf, n)).Select(n => n.Version).ToList();
        if (unfixable.Count > 0)
            throw new TorchRuntimeException(
                $"{Path.GetFileName(library)} needs {string.Join(", ", unfixable)} from {Library}, which this system's {systemLibrary} does not provide " +
                $"(it has up to {provided.Where(v => v.StartsWith("GLIBCXX_", StringComparison.Ordinal)).OrderBy(VersionKey).LastOrDefault() ?? "no GLIBCXX version"}). " +
                "Install a newer libstdc++ (GCC 13 or later) and make it the one the loader finds, e.g. with LD_LIBRARY_PATH.");
        return new Plan(library, missing.Select(n => n.Version).ToList(), missing.Where(n => !n.IsWeak).ToList());
    }

    /// <summary>
    /// The library to load: <paramref name="library"/> itself when this system's libstdc++ has every version it needs,
    /// else its fixed copy under <paramref name="cacheDirectory"/> (made once, atomically, keyed by the original's hash).
    /// </summary>
    public static (string Path, Plan Plan) Resolve(string library, string cacheDirectory)
    {
        var system = SystemLibStdCxx();
        var provided = ElfSymbolVersions.Read(system).Defined;
        var elf = ElfSymbolVersions.Read(library);
        var plan = PlanFor(library, elf, provided.ToHashSet(), system);
        if (!plan.NeedsFix) return (library, plan);

        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(library)))[..16];
        var directory = System.IO.Path.Combine(cacheDirectory, hash);
        var fixedPath = System.IO.Path.Combine(directory, System.IO.Path.GetFileName(library));
        if (!File.Exists(fixedPath))
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(System.IO.Path.Combine(directory, "README.txt"),
                $"Copy of {library}\nwith these {Library} version requirements marked weak: {string.Join(", ", plan.ToWeaken.Select(v => v.Version))}.\n" +
                $"This system's {system} lacks them; they only guard link-time marker symbols ({string.Join(", ", plan.ToWeaken.Select(v => MarkerOnlyVersions[v.Version]))}).\n" +
                "Made by VvsNotebook (LibStdCxxCompatibility); safe to delete, it is remade when needed.\n");
            AtomicFile.WriteAllBytes(fixedPath, elf.WithWeakVersions(plan.ToWeaken));
        }
        return (fixedPath, plan);
    }

    /// <summary>The libstdc++ this process has loaded (the .NET runtime links it), else the first on the usual paths.</summary>
    public static string SystemLibStdCxx()
    {
        if (File.Exists("/proc/self/maps"))
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                var slash = line.IndexOf('/');
                if (slash >= 0 && line.AsSpan(slash).EndsWith("/" + Library)) return line[slash..];
                if (slash >= 0 && System.IO.Path.GetFileName(line[slash..]).StartsWith("libstdc++.so.6.", StringComparison.Ordinal)) return line[slash..];
            }
        foreach (var dir in new[] { "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib/aarch64-linux-gnu", "/usr/lib" })
        {
            var candidate = System.IO.Path.Combine(dir, Library);
            if (File.Exists(candidate)) return candidate;
        }
        throw new TorchRuntimeException($"Found no {Library} on this system; install the GCC runtime (Debian: libstdc++6).");
    }

    private static bool IsMarkerOnly(ElfSymbolVersions elf, ElfSymbolVersions.NeededVersion version) =>
        MarkerOnlyVersions.TryGetValue(version.Version, out var marker) && elf.SymbolsBoundTo(version.Index) is [var only] && only == marker;

    private static Version VersionKey(string v) => Version.TryParse(v["GLIBCXX_".Length..], out var parsed) ? parsed : new Version(0, 0);
}
