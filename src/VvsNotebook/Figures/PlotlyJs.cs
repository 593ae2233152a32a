namespace VvsNotebook.Figures;

/// <summary>Finds plotly.js for standalone pages: <c>VVS_PLOTLY_JS</c>, else the checkout's npm install.</summary>
public static class PlotlyJs
{
    public const string Variable = "VVS_PLOTLY_JS";
    private const string Relative = "environment/node_modules/plotly.js-dist-min/plotly.min.js";

    /// <summary>Path of plotly.min.js; a clear error when it is not installed.</summary>
    public static string Locate()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } explicitPath)
            return File.Exists(explicitPath) ? explicitPath : throw new FileNotFoundException($"{Variable} names {explicitPath}, which does not exist.");
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, Relative);
                if (File.Exists(candidate)) return candidate;
            }
        throw new FileNotFoundException(
            $"plotly.js not found ({Relative}); run environment/setup.sh (it installs it with npm) or set {Variable} to a plotly.min.js.");
    }
}
