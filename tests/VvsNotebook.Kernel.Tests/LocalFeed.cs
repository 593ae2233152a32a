using System.Xml.Linq;

namespace VvsNotebook.Kernel.Tests;

/// <summary>
/// Packs the <c>VvsNotebook</c> package and every project it references into local-feed/, so
/// <c>#r "nuget:VvsNotebook"</c> restores this build on a clean clone. Uses the already built configuration
/// (<c>--no-build</c>), as tests/run builds the solution first.
/// </summary>
public static class LocalFeed
{
    private static readonly Lock Gate = new();
    private static bool _packed;

    public static void EnsurePacked(KernelEnvironment environment)
    {
        lock (Gate)
        {
            if (_packed) return;
            foreach (var project in Closure(Path.Combine(environment.RepositoryRoot, "src", "VvsNotebook.Interactive", "VvsNotebook.Interactive.csproj")))
            {
                var run = environment.Run("dotnet", ["pack", project, "-c", environment.Configuration, "--no-build", "-nologo", "-v", "q"], TimeSpan.FromMinutes(3));
                if (run.ExitCode != 0) throw new InvalidOperationException($"dotnet pack {project} failed:\n{run.Output}");
            }
            _packed = true;
        }
    }

    /// <summary>The project and, transitively, every project it references.</summary>
    private static IEnumerable<string> Closure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var next))
        {
            if (!seen.Add(next)) continue;
            var directory = Path.GetDirectoryName(next)!;
            foreach (var reference in XDocument.Load(next).Descendants("ProjectReference"))
                if (reference.Attribute("Include")?.Value is { } include)
                    pending.Push(Path.GetFullPath(Path.Combine(directory, include.Replace('\\', Path.DirectorySeparatorChar))));
        }
        return seen;
    }
}
