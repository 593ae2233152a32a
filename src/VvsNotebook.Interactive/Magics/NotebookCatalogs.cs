using VvsNotebook.Experiments;
using VvsNotebook.Manifests;

namespace VvsNotebook.Interactive.Magics;

/// <summary>
/// The data manifests and experiments a notebook sees: the ones embedded in VvsNotebook, overridden by a checkout's
/// <c>data-manifests/</c> found above the notebook's folder (or above the running assembly), so edits in a checkout
/// take effect without a rebuild.
/// </summary>
public static class NotebookCatalogs
{
    public static ManifestCatalog Manifests() =>
        RepositoryManifests() is { } dir ? ManifestCatalog.Load(dir) : ManifestCatalog.Embedded;

    /// <summary>The paper's experiments plus a checkout's and, optionally, those in <paramref name="extraDirectory"/>.</summary>
    public static ExperimentCatalog Experiments(string? extraDirectory = null)
    {
        if (extraDirectory is not null && !Directory.Exists(extraDirectory))
            throw new DirectoryNotFoundException($"Experiments folder '{extraDirectory}' does not exist.");
        var checkout = RepositoryManifests() is { } dir ? Path.Combine(dir, "experiments") : null;
        return ExperimentCatalog.Load(new[] { checkout, extraDirectory }.OfType<string>().Where(Directory.Exists).ToArray());
    }

    private static string? RepositoryManifests()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var manifests = Path.Combine(dir.FullName, "data-manifests");
                if (Directory.Exists(manifests) && Directory.Exists(Path.Combine(dir.FullName, "src"))) return manifests;
            }
        return null;
    }
}
