using VvsNotebook.Experiments;
using VvsNotebook.Manifests;

namespace VvsNotebook.Workflow;

/// <summary>
/// The source checkout a notebook or the CLI runs from, found once for both: the first folder holding <c>src/</c> and
/// <c>data-manifests/</c> above the current directory, else above the running assembly. Its manifests and experiments
/// override the embedded ones, so edits in a checkout take effect without a rebuild.
/// </summary>
public static class Checkout
{
    /// <summary>The checkout's root folder, or null when running outside one (e.g. from the NuGet package).</summary>
    public static string? Root()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (Directory.Exists(Path.Combine(dir.FullName, "data-manifests")) && Directory.Exists(Path.Combine(dir.FullName, "src")))
                    return dir.FullName;
        return null;
    }

    /// <summary>The checkout's folder <paramref name="name"/> (e.g. <c>bench</c>), or null when there is none.</summary>
    public static string? Folder(string name) =>
        Root() is { } root && Directory.Exists(Path.Combine(root, name)) ? Path.Combine(root, name) : null;

    /// <summary>The data manifests: the checkout's <c>data-manifests/</c>, else those embedded in VvsNotebook.</summary>
    public static ManifestCatalog Manifests() =>
        Folder("data-manifests") is { } dir ? ManifestCatalog.Load(dir) : ManifestCatalog.Embedded;

    /// <summary>The paper's experiments plus a checkout's and, optionally, those in <paramref name="extraDirectory"/>.</summary>
    public static ExperimentCatalog Experiments(string? extraDirectory = null)
    {
        if (extraDirectory is not null && !Directory.Exists(extraDirectory))
            throw new DirectoryNotFoundException($"Experiments folder '{extraDirectory}' does not exist.");
        var checkout = Folder("data-manifests") is { } dir ? Path.Combine(dir, "experiments") : null;
        return ExperimentCatalog.Load(new[] { checkout, extraDirectory }.OfType<string>().Where(Directory.Exists).ToArray());
    }
}
