using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;

namespace VvsNotebook.Kernel.Scripting;

/// <summary>
/// The load context of the notebook's cells. Each cell is an assembly emitted in memory that references the cells
/// before it by name; this context finds those, and the files cells name with <c>#r "path.dll"</c>. Everything else
/// (the framework, VvsNotebook, NuGet packages) resolves in the default context, so cells share its types.
/// </summary>
internal sealed class CellLoadContext() : AssemblyLoadContext("vvs-cells")
{
    private readonly ConcurrentDictionary<string, Assembly> _cells = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _files = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Loads an emitted cell; later cells that reference it by name get this instance.</summary>
    public Assembly LoadCell(Stream peImage)
    {
        var assembly = LoadFromStream(peImage);
        _cells[assembly.GetName().Name!] = assembly;
        return assembly;
    }

    /// <summary>Makes the assembly <paramref name="name"/> loadable from <paramref name="path"/> (a <c>#r</c> file).</summary>
    public void AddFile(string name, string path) => _files.TryAdd(name, path);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is not { } name) return null;
        if (_cells.TryGetValue(name, out var cell)) return cell;
        if (!_files.TryGetValue(name, out var path)) return null;
        // One copy per name: a file the default context already has (a package, the framework) is that copy.
        return Default.Assemblies.FirstOrDefault(a => string.Equals(a.GetName().Name, name, StringComparison.OrdinalIgnoreCase))
            ?? Default.LoadFromAssemblyPath(path);
    }
}
