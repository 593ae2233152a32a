using VvsNotebook.Tests.Shared;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Diagnostics;

namespace VvsNotebook.Interactive.Tests;

/// <summary>
/// What the host tests share: the repository, the packed <c>VvsNotebook</c> version, and a temporary root that holds
/// everything the host writes. The host runs with HOME and TMPDIR inside that root (its restore projects, first-run
/// sentinels, NuGet config, Jupyter runtime files), with the machine's NuGet package folder for the pinned tool and
/// the package's dependencies. <c>dotnet tool restore</c> there resolves the tool from <c>.config/dotnet-tools.json</c>.
/// One stdio host, with the package loaded, serves every stdio test.
/// </summary>
public sealed class HostEnvironment : IDisposable
{
    public const string Python = "/usr/bin/python3";
    private readonly Lazy<Task<StdioHost>> _session;

    public HostEnvironment()
    {
        RepositoryRoot = TestProcess.RepositoryRoot();
        PackageVersion = ReadPackageVersion(RepositoryRoot);
        Root = Directory.CreateTempSubdirectory("vvs-host-tests-").FullName;
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(TempDirectory);
        var restore = Run("dotnet", ["tool", "restore"], TimeSpan.FromMinutes(5), RepositoryRoot);
        if (restore.ExitCode != 0) throw new InvalidOperationException("dotnet tool restore failed: " + restore.Output);
        _session = new(() => LoadedSessionAsync());
    }

    public string RepositoryRoot { get; }

    /// <summary>The version environment/setup.sh packed into local-feed/ (.vvs/package-version).</summary>
    public string PackageVersion { get; }

    public string Root { get; }
    public string Home => Path.Combine(Root, "home");
    public string TempDirectory => Path.Combine(Root, "tmp");
    public string LocalFeed => Path.Combine(RepositoryRoot, "local-feed");

    /// <summary>The machine's NuGet package folder, where set-up restored the pinned tool.</summary>
    public static string NuGetPackages =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set ? set
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>The paper's released data: VVS_DATA, else ../shared/data beside the checkout (as tests/run sets it).</summary>
    public string? DataDirectory =>
        Environment.GetEnvironmentVariable("VVS_DATA") is { Length: > 0 } set ? set
        : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data")) is var shared && Directory.Exists(shared) ? shared
        : null;

    /// <summary>A host over stdio, shared by the stdio tests, that has run the package's <c>#r</c>; its reply is kept.</summary>
    public Task<StdioHost> SessionAsync() => _session.Value;

    /// <summary>The <c>#r</c> cell the shared session ran, and what the host answered.</summary>
    public HostReply? LoadReply { get; private set; }

    /// <summary>The #i/#r cell that restores this build's package from the checkout's feed.</summary>
    public string LoadCell => $"#i \"nuget:{LocalFeed}\"\n#r \"nuget:VvsNotebook, {PackageVersion}\"";

    /// <summary>The host's environment: HOME and TMPDIR in the temporary root, no telemetry, the paper data.</summary>
    public void Configure(ProcessStartInfo start)
    {
        start.Environment["HOME"] = Home;
        start.Environment["TMPDIR"] = TempDirectory;
        start.Environment["NUGET_PACKAGES"] = NuGetPackages;
        start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        start.Environment.Remove("PYTHONPATH"); // Debian's jupyter stack, not a virtualenv's
        start.Environment.Remove("JUPYTER_PATH");
        start.Environment.Remove("JUPYTER_CONFIG_DIR");
        start.Environment.Remove("JUPYTER_DATA_DIR");
        start.Environment.Remove("JUPYTER_RUNTIME_DIR");
        if (DataDirectory is { } data) start.Environment["VVS_DATA"] = data;
    }

    /// <summary>Runs a process in the host's environment; returns its exit code and combined output.</summary>
    public ProcessResult Run(string file, IEnumerable<string> args, TimeSpan timeout, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file, args) { WorkingDirectory = workingDirectory };
        Configure(start);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        return TestProcess.Run(start, timeout);
    }

    /// <summary>The host's kernelspec, as <c>dotnet interactive jupyter install</c> would write it, but for the pinned local tool and loopback-only HTTP.</summary>
    public string InstallKernelSpec()
    {
        var jupyterPath = Path.Combine(Root, "jupyter");
        var spec = Directory.CreateDirectory(Path.Combine(jupyterPath, "kernels", ".net-csharp")).FullName;
        var kernel = new JsonObject
        {
            ["argv"] = new JsonArray("dotnet", "tool", "run", "dotnet-interactive", "--", "jupyter", "--default-kernel", "csharp",
                "--http-local-only", "{connection_file}"),
            ["display_name"] = ".NET (C#)",
            ["language"] = "C#",
        };
        File.WriteAllText(Path.Combine(spec, "kernel.json"), kernel.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return jupyterPath;
    }

    private async Task<StdioHost> LoadedSessionAsync()
    {
        var work = Directory.CreateDirectory(Path.Combine(Root, "stdio-work")).FullName;
        var host = StdioHost.Start(this, work);
        LoadReply = await host.SubmitAsync(LoadCell);
        return host;
    }

    private static string ReadPackageVersion(string root)
    {
        var versionFile = Path.Combine(root, ".vvs", "package-version");
        if (!File.Exists(versionFile))
            throw new InvalidOperationException($"{versionFile} is missing: run environment/setup.sh (tests/run does) to pack VvsNotebook into local-feed/.");
        var version = File.ReadAllText(versionFile).Trim();
        foreach (var id in new[] { "VvsNotebook", "VvsNotebook.Core" })
            if (!File.Exists(Path.Combine(root, "local-feed", $"{id}.{version}.nupkg")))
                throw new InvalidOperationException($"local-feed/{id}.{version}.nupkg is missing: run environment/setup.sh to pack this build.");
        return version;
    }

    public void Dispose()
    {
        if (_session.IsValueCreated && _session.Value.IsCompletedSuccessfully) _session.Value.Result.Dispose();
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>The host tests run one at a time: each host process needs the machine's cores for itself.</summary>
[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<HostEnvironment>
{
    public const string Name = "dotnet-interactive";
}
