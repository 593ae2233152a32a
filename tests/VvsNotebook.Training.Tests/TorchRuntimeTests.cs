using System.IO.Compression;
using System.Text;
using TorchSharp;
using VvsNotebook.Training.Runtime;

namespace VvsNotebook.Training.Tests;

/// <summary>
/// TorchSharp's natives load from the restored packages, and libLibTorchSharp's one marker-only GLIBCXX_3.4.32
/// requirement is made weak exactly where the system's libstdc++ (GCC 12 on Debian 12) lacks it.
/// </summary>
public sealed class TorchRuntimeTests
{
    private static readonly TorchRuntimeInfo Info = TorchRuntime.EnsureLoaded();

    private static string RestoredLibTorchSharp()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Path.Combine(packages, "torchsharp", Info.TorchSharpVersion, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
    }

    /// <summary>Whether a libstdc++ defines a version, by its name in the file (no ELF parsing, so independent of ours).</summary>
    private static bool FileMentions(string path, string text) =>
        Encoding.ASCII.GetString(File.ReadAllBytes(path)).Contains(text + "\0", StringComparison.Ordinal);

    [Fact]
    public void libtorchsharp_needs_glibcxx_3_4_32_only_for_the_ios_base_library_init_marker()
    {
        var elf = ElfSymbolVersions.Read(RestoredLibTorchSharp());
        var fromLibStdCxx = elf.Needed.Where(n => n.Library == "libstdc++.so.6").ToList();
        Assert.Contains(fromLibStdCxx, n => n.Version == "GLIBCXX_3.4.30");
        var v32 = Assert.Single(fromLibStdCxx, n => n.Version == "GLIBCXX_3.4.32");
        Assert.False(v32.IsWeak);
        Assert.Equal(["_ZSt21ios_base_library_initv"], elf.SymbolsBoundTo(v32.Index));
        // readelf (binutils) sees the same requirement.
        Assert.Contains("Name: GLIBCXX_3.4.32  Flags: none", VersionListing(RestoredLibTorchSharp()));
    }

    private static string VersionListing(string library)
    {
        using var readelf = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("readelf", ["-V", library]) { RedirectStandardOutput = true })!;
        var listing = readelf.StandardOutput.ReadToEnd();
        readelf.WaitForExit();
        return listing;
    }

    [Fact]
    public void on_a_gcc12_libstdcxx_exactly_that_one_flag_is_made_weak_and_every_other_byte_kept()
    {
        var original = File.ReadAllBytes(RestoredLibTorchSharp());
        var elf = ElfSymbolVersions.Parse(original);
        var gcc12 = elf.Needed.Select(n => n.Version).Where(v => v != "GLIBCXX_3.4.32").Append("GLIBCXX_3.4.31").ToHashSet();
        var plan = LibStdCxxCompatibility.PlanFor("libLibTorchSharp.so", elf, gcc12, "libstdc++.so.6.0.30");
        Assert.Equal(["GLIBCXX_3.4.32"], plan.Missing);
        var weakened = Assert.Single(plan.ToWeaken);

        var patched = elf.WithWeakVersions(plan.ToWeaken);
        var differing = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        Assert.Equal([weakened.FlagsOffset], differing);
        Assert.Equal(ElfSymbolVersions.WeakFlag, patched[weakened.FlagsOffset]);
        var reread = ElfSymbolVersions.Parse(patched);
        Assert.True(Assert.Single(reread.Needed, n => n.Version == "GLIBCXX_3.4.32").IsWeak);
        Assert.All(reread.Needed.Where(n => n.Version != "GLIBCXX_3.4.32"), n => Assert.False(n.IsWeak));
    }

    [Fact]
    public void with_a_libstdcxx_that_has_glibcxx_3_4_32_nothing_is_patched()
    {
        var elf = ElfSymbolVersions.Read(RestoredLibTorchSharp());
        var gcc13 = elf.Needed.Select(n => n.Version).ToHashSet();
        var plan = LibStdCxxCompatibility.PlanFor("libLibTorchSharp.so", elf, gcc13, "libstdc++.so.6.0.32");
        Assert.False(plan.NeedsFix);
        Assert.Empty(plan.Missing);
    }

    [Fact]
    public void a_missing_version_that_guards_real_symbols_is_reported_not_patched()
    {
        var elf = ElfSymbolVersions.Read(RestoredLibTorchSharp());
        var gcc11 = elf.Needed.Select(n => n.Version).Where(v => v is not ("GLIBCXX_3.4.30" or "GLIBCXX_3.4.32")).ToHashSet();
        var e = Assert.Throws<TorchRuntimeException>(() => LibStdCxxCompatibility.PlanFor("libLibTorchSharp.so", elf, gcc11, "/usr/lib/libstdc++.so.6.0.29"));
        Assert.Contains("GLIBCXX_3.4.30", e.Message);
        Assert.DoesNotContain("GLIBCXX_3.4.32", e.Message);
        Assert.Contains("newer libstdc++", e.Message);
    }

    [Fact]
    public void the_fix_is_applied_exactly_when_this_systems_libstdcxx_lacks_the_version_and_the_package_stays_untouched()
    {
        var needsFix = !FileMentions(Info.SystemLibStdCxx, "GLIBCXX_3.4.32");
        Assert.Equal(needsFix, Info.CompatibilityFix is not null);
        Assert.Equal(needsFix, Info.LibTorchSharp != RestoredLibTorchSharp());
        if (needsFix)
        {
            var listing = VersionListing(Info.LibTorchSharp);
            Assert.Contains("Name: GLIBCXX_3.4.32  Flags: WEAK", listing);
            Assert.Contains("Name: GLIBCXX_3.4.30  Flags: none", listing);
        }
        // The process runs the library it says it loaded.
        Assert.Contains(File.ReadLines("/proc/self/maps"), line => line.EndsWith(Info.LibTorchSharp, StringComparison.Ordinal));
        // The restored package file is byte-identical to the one inside the .nupkg.
        var nupkg = Directory.GetFiles(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(RestoredLibTorchSharp())!, "..", "..", "..")), "*.nupkg").Single();
        using var zip = ZipFile.OpenRead(nupkg);
        using var packed = new MemoryStream();
        zip.GetEntry("runtimes/linux-x64/native/libLibTorchSharp.so")!.Open().CopyTo(packed);
        Assert.Equal(packed.ToArray(), File.ReadAllBytes(RestoredLibTorchSharp()));
        Assert.Equal("2.10.0", Info.LibTorchVersion);
        Assert.Equal("cpu", Info.Backend);
    }

    [Fact]
    public void torch_loads_and_sgd_recovers_a_linear_map()
    {
        // y = x W^T + b with W = [[2, -1, 0.5]], b = 0.25: plain SGD on the squared error must find them.
        torch.manual_seed(0);
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(256, 3);
        var w = torch.tensor(new float[] { 2, -1, 0.5f }, [1, 3]);
        var y = x.matmul(w.t()) + 0.25f;
        using var layer = torch.nn.Linear(3, 1);
        using var sgd = torch.optim.SGD(layer.parameters(), 0.1);
        for (var step = 0; step < 300; step++)
        {
            using var inner = torch.NewDisposeScope();
            sgd.zero_grad();
            torch.nn.functional.mse_loss(layer.call(x), y).backward();
            sgd.step();
        }
        var learned = layer.weight!.data<float>().ToArray();
        Assert.Equal(2, learned[0], 3);
        Assert.Equal(-1, learned[1], 3);
        Assert.Equal(0.5, learned[2], 3);
        Assert.Equal(0.25, layer.bias!.data<float>()[0], 3);
    }

    [Fact]
    public void cuda_on_this_cpu_build_is_refused_naming_the_switch_not_silently_run_on_the_cpu()
    {
        var e = Assert.Throws<TorchRuntimeException>(() => TorchRuntime.Device("cuda"));
        Assert.Contains("VvsTorchBackend=cuda", e.Message);
        Assert.Equal(DeviceType.CPU, TorchRuntime.Device("cpu").type);
        Assert.Contains("Unknown device 'tpu'", Assert.Throws<ArgumentException>(() => TorchRuntime.Device("tpu")).Message);
    }
}
