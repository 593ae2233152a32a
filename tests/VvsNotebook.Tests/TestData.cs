namespace VvsNotebook.Tests;

/// <summary>Locates the reference data the tests read: <c>VVS_DATA</c>, else <c>../shared/data</c> beside the checkout.</summary>
public static class TestData
{
    public static string DataDirectory { get; } = Find();

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string Find()
    {
        var env = Environment.GetEnvironmentVariable("VVS_DATA");
        if (!string.IsNullOrEmpty(env)) return Path.GetFullPath(env);
        return Path.GetFullPath(Path.Combine(RepositoryRootOrCwd(), "..", "shared", "data"));
    }

    private static string RepositoryRootOrCwd()
    {
        try { return FindRepositoryRoot(); } catch (DirectoryNotFoundException) { return Directory.GetCurrentDirectory(); }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NuGet.config")) && Directory.Exists(Path.Combine(dir.FullName, "src")))
                return dir.FullName;
        throw new DirectoryNotFoundException("Could not find the repository root above " + AppContext.BaseDirectory);
    }

    /// <summary>Path of a released file of the paper, e.g. <c>benchmark_scores.csv</c>.</summary>
    public static string PaperFile(string name) => Path.Combine(DataDirectory, "scaling-primate-vvs", name);
}
