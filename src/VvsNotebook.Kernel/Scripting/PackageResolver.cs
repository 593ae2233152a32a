using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using System.Security;

namespace VvsNotebook.Kernel.Scripting;

/// <summary>
/// Resolves <c>#r "nuget:Id[, version]"</c> without NuGet client libraries: it writes a throwaway project that
/// references every package asked for so far, lets <c>dotnet msbuild -restore</c> resolve it against the sources of
/// the repository's NuGet.config (local-feed/ included) plus any <c>#i</c> sources, and reads the resolved
/// compile, runtime and native assets from a target that dumps them. Assemblies the kernel already carries
/// (VvsNotebook itself, its dependencies) are shared, never loaded twice.
/// </summary>
public sealed class PackageResolver : IDisposable
{
    private readonly Dictionary<string, string?> _requested = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _resolvedVersions = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _sources = [];
    private readonly Dictionary<string, string> _runtimeAssemblies = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _nativeLibraries = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _referenced = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _workDirectory = Path.Combine(Path.GetTempPath(), $"vvs-kernel-packages-{Environment.ProcessId}");
    private readonly string? _nugetConfig;

    public PackageResolver(string workingDirectory)
    {
        _nugetConfig = FindNuGetConfig(workingDirectory) ?? FindNuGetConfig(AppContext.BaseDirectory);
        AssemblyLoadContext.Default.Resolving += (_, name) =>
            name.Name is { } n && _runtimeAssemblies.TryGetValue(n, out var path) ? AssemblyLoadContext.Default.LoadFromAssemblyPath(path) : null;
        AssemblyLoadContext.Default.ResolvingUnmanagedDll += (_, name) =>
            _nativeLibraries.TryGetValue(Path.GetFileNameWithoutExtension(name), out var path) ? System.Runtime.InteropServices.NativeLibrary.Load(path) : IntPtr.Zero;
    }

    /// <summary>The NuGet.config whose sources restores use, or null when none was found.</summary>
    public string? NuGetConfig => _nugetConfig;

    public void AddSource(string source) { if (!_sources.Contains(source)) _sources.Add(source); }

    /// <summary>
    /// Restores the packages asked for so far plus <paramref name="packages"/>; returns what each resolved to and
    /// the new compile-time reference paths for the script.
    /// </summary>
    public async Task<PackageRestore> AddAsync(IReadOnlyList<(string Id, string? Version)> packages, CancellationToken cancellationToken)
    {
        foreach (var (id, version) in packages)
        {
            if (_resolvedVersions.TryGetValue(id, out var loaded) && version is not null && version != loaded)
                throw new InvalidOperationException($"Package {id} {loaded} is already loaded; version {version} cannot be added too. Restart the kernel to change versions.");
            _requested[id] = version ?? (_requested.TryGetValue(id, out var earlier) ? earlier : null);
        }
        Directory.CreateDirectory(_workDirectory);
        var project = Path.Combine(_workDirectory, "packages.csproj");
        await File.WriteAllTextAsync(project, ProjectXml(), cancellationToken);
        var refsFile = Path.Combine(_workDirectory, "refs.txt");
        File.Delete(refsFile);
        var output = await RunMsBuildAsync(project, cancellationToken);
        if (!File.Exists(refsFile))
            throw new InvalidOperationException($"Package restore failed for {string.Join(", ", packages.Select(p => p.Id))}:\n{Summarize(output)}");

        var newReferences = new List<string>();
        foreach (var line in await File.ReadAllLinesAsync(refsFile, cancellationToken))
        {
            var parts = line.Split('|');
            if (parts.Length != 4) continue;
            var (kind, id, version, path) = (parts[0], parts[1], parts[2], parts[3]);
            if (id.Length > 0) _resolvedVersions[id] = version;
            var name = Path.GetFileNameWithoutExtension(path);
            switch (kind)
            {
                case "compile" when !ProvidedByKernel(name) && _referenced.Add(path):
                    newReferences.Add(path);
                    break;
                case "runtime" when !ProvidedByKernel(name):
                    _runtimeAssemblies.TryAdd(name, path);
                    break;
                case "native":
                    _nativeLibraries.TryAdd(name, path);
                    if (name.StartsWith("lib", StringComparison.Ordinal)) _nativeLibraries.TryAdd(name[3..], path);
                    break;
            }
        }
        var resolved = packages.Select(p => new ResolvedPackage(p.Id,
            _resolvedVersions.TryGetValue(p.Id, out var v) ? v : "?",
            ProvidedByKernel(p.Id))).ToList();
        return new PackageRestore(resolved, newReferences);
    }

    private static bool ProvidedByKernel(string assemblyName) =>
        AssemblyLoadContext.Default.Assemblies.Any(a => string.Equals(a.GetName().Name, assemblyName, StringComparison.OrdinalIgnoreCase))
        || File.Exists(Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll"));

    private string ProjectXml()
    {
        var references = string.Concat(_requested.Select(p =>
            $"    <PackageReference Include=\"{SecurityElement.Escape(p.Key)}\" Version=\"{SecurityElement.Escape(p.Value ?? "*")}\" />\n"));
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net{Environment.Version.Major}.{Environment.Version.Minor}</TargetFramework>
                <EnableDefaultItems>false</EnableDefaultItems>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <ImportDirectoryBuildProps>false</ImportDirectoryBuildProps>
                <ImportDirectoryPackagesProps>false</ImportDirectoryPackagesProps>
                <NuGetAudit>false</NuGetAudit>
              </PropertyGroup>
              <ItemGroup>
            {references}  </ItemGroup>
              <Target Name="VvsDumpReferences" DependsOnTargets="ResolvePackageAssets">
                <WriteLinesToFile File="refs.txt" Overwrite="true" Lines="@(ResolvedCompileFileDefinitions->'compile|%(NuGetPackageId)|%(NuGetPackageVersion)|%(FullPath)');@(RuntimeCopyLocalItems->'runtime|%(NuGetPackageId)|%(NuGetPackageVersion)|%(FullPath)');@(NativeCopyLocalItems->'native|%(NuGetPackageId)|%(NuGetPackageVersion)|%(FullPath)')" />
              </Target>
            </Project>
            """;
    }

    private async Task<string> RunMsBuildAsync(string project, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(DotnetHost(), ["msbuild", project, "-restore", "-t:VvsDumpReferences", "-nologo", "-v:q", "-nodeReuse:false"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _workDirectory,
        };
        if (_nugetConfig is not null) start.ArgumentList.Add($"-p:RestoreConfigFile={_nugetConfig}");
        if (_sources.Count > 0) start.ArgumentList.Add($"-p:RestoreAdditionalProjectSources={string.Join("%3B", _sources)}");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet for package restore.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try { await process.WaitForExitAsync(cancellationToken); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }
        return await stdout + await stderr;
    }

    private static string DotnetHost() =>
        Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";

    private static string Summarize(string output)
    {
        var errors = output.Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Select(l => l.Trim()).Distinct().Take(5).ToList();
        return errors.Count > 0 ? string.Join("\n", errors) : output.Trim();
    }

    private static string? FindNuGetConfig(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var config = Path.Combine(dir.FullName, "NuGet.config");
            if (File.Exists(config)) return config;
        }
        return null;
    }

    public void Dispose()
    {
        try { if (Directory.Exists(_workDirectory)) Directory.Delete(_workDirectory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>The outcome of one restore: each requested package's version and the new reference paths.</summary>
public sealed record PackageRestore(IReadOnlyList<ResolvedPackage> Packages, IReadOnlyList<string> NewReferences);

/// <summary>A package a cell asked for; <see cref="ProvidedByKernel"/> when the kernel already carries its assembly.</summary>
public sealed record ResolvedPackage(string Id, string Version, bool ProvidedByKernel)
{
    public override string ToString() => $"{Id} {Version}" + (ProvidedByKernel ? " (already loaded by the kernel)" : "");
}
