namespace VvsNotebook.Kernel.Tests;

/// <summary>
/// The <c>VvsNotebook</c> packages that <c>environment/setup.sh</c> packs into local-feed/ with the build's own
/// version (<c>.vvs/package-version</c>), which is what <c>#r "nuget:VvsNotebook"</c> restores on a clean clone.
/// </summary>
public static class LocalFeed
{
    /// <summary>The packed version; a clear error when set-up has not packed this build.</summary>
    public static string EnsurePacked(KernelEnvironment environment)
    {
        var versionFile = Path.Combine(environment.RepositoryRoot, ".vvs", "package-version");
        if (!File.Exists(versionFile))
            throw new InvalidOperationException($"{versionFile} is missing: run environment/setup.sh (tests/run does) to pack VvsNotebook into local-feed/.");
        var version = File.ReadAllText(versionFile).Trim();
        foreach (var id in new[] { "VvsNotebook", "VvsNotebook.Core" })
        {
            var package = Path.Combine(environment.RepositoryRoot, "local-feed", $"{id}.{version}.nupkg");
            if (!File.Exists(package))
                throw new InvalidOperationException($"{package} is missing: run environment/setup.sh (tests/run does) to pack this build.");
        }
        return version;
    }
}
