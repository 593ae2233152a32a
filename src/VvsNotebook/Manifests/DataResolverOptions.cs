namespace VvsNotebook.Manifests;

/// <summary>Where <see cref="DataResolver"/> looks for data files and whether it may download them.</summary>
public sealed record DataResolverOptions
{
    /// <summary>Environment variable naming the data directory (the <c>--data-dir</c> option wins over it).</summary>
    public const string DataDirectoryVariable = "VVS_DATA";

    /// <summary>Environment variable overriding the download cache folder.</summary>
    public const string CacheDirectoryVariable = "VVS_CACHE";

    /// <summary>Folder holding files at their manifest paths (e.g. <c>scaling-primate-vvs/benchmark_scores.csv</c>); null for none.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Download cache; files live there at their manifest paths too.</summary>
    public string CacheDirectory { get; init; } = DefaultCacheDirectory();

    /// <summary>When false, a file found nowhere is an error instead of a download.</summary>
    public bool AllowDownload { get; init; } = true;

    /// <summary>Client used for downloads; a shared default when null.</summary>
    public HttpClient? Http { get; init; }

    /// <summary>Options from an explicit data directory (e.g. <c>--data-dir</c>), else <c>VVS_DATA</c>, and the default cache.</summary>
    public static DataResolverOptions FromEnvironment(string? dataDirectory = null) => new()
    {
        DataDirectory = NonEmpty(dataDirectory) ?? NonEmpty(Environment.GetEnvironmentVariable(DataDirectoryVariable)),
    };

    /// <summary><c>VVS_CACHE</c>, else <c>$XDG_CACHE_HOME/vvsnotebook</c>, else <c>~/.cache/vvsnotebook</c>.</summary>
    public static string DefaultCacheDirectory()
    {
        if (NonEmpty(Environment.GetEnvironmentVariable(CacheDirectoryVariable)) is { } explicitCache) return explicitCache;
        var xdg = NonEmpty(Environment.GetEnvironmentVariable("XDG_CACHE_HOME"))
                  ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(xdg, "vvsnotebook");
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
