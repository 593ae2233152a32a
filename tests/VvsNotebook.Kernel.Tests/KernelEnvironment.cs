using VvsNotebook.Tests.Shared;
using System.Diagnostics;

namespace VvsNotebook.Kernel.Tests;

/// <summary>
/// What the end-to-end tests share: the repository, the built <c>vvs</c>, a kernelspec installed with
/// <c>vvs kernel install --prefix</c> into a temporary Jupyter path, and a way to run Debian's Python clients
/// (<c>/usr/bin/python3</c>: the one with jupyter_client, nbclient and jupyter_kernel_test).
/// </summary>
public sealed class KernelEnvironment : IDisposable
{
    public const string KernelName = "vvs-csharp-test";
    public const string Python = "/usr/bin/python3";

    public KernelEnvironment()
    {
        RepositoryRoot = TestProcess.RepositoryRoot();
        Configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0
        VvsDll = Path.Combine(RepositoryRoot, "src", "VvsNotebook.Cli", "bin", Configuration, "net10.0", "vvs.dll");
        if (!File.Exists(VvsDll)) throw new FileNotFoundException($"Build src/VvsNotebook.Cli ({Configuration}) first: {VvsDll} is missing.");
        Prefix = Directory.CreateTempSubdirectory("vvs-kernel-tests-").FullName;
        var install = Run("dotnet", [VvsDll, "kernel", "install", "--prefix", Prefix, "--name", KernelName], TimeSpan.FromMinutes(1));
        if (install.ExitCode != 0) throw new InvalidOperationException("vvs kernel install failed: " + install.Output);
    }

    public string RepositoryRoot { get; }
    public string Configuration { get; }
    public string VvsDll { get; }
    public string Prefix { get; }
    public string JupyterPath => Path.Combine(Prefix, "share", "jupyter");

    public static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "Python", name);

    /// <summary>Runs a process with the test kernelspec on JUPYTER_PATH; returns its exit code and combined output.</summary>
    public ProcessResult Run(string file, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file, args) { WorkingDirectory = workingDirectory ?? RepositoryRoot };
        if (Prefix is not null) start.Environment["JUPYTER_PATH"] = JupyterPath;
        start.Environment["VVS_KERNEL_NAME"] = KernelName;
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        // Keep the Debian stack's own modules: a pyenv or virtualenv PYTHONPATH would shadow them.
        start.Environment.Remove("PYTHONPATH");
        // The paper's released data, as tests/run provides it: VVS_DATA, else ../shared/data beside the checkout.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("VVS_DATA"))
            && Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data")) is var shared && Directory.Exists(shared))
            start.Environment["VVS_DATA"] = shared;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        return TestProcess.Run(start, timeout);
    }

    public void Dispose()
    {
        try { Directory.Delete(Prefix, recursive: true); }
        catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class KernelCollection : ICollectionFixture<KernelEnvironment>
{
    public const string Name = "kernel";
}
