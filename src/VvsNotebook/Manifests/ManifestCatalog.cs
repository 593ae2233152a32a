using System.Reflection;

namespace VvsNotebook.Manifests;

/// <summary>
/// The data manifests VvsNotebook knows: those embedded in the library (the repository's <c>data-manifests/*.yaml</c>)
/// plus any read from folders the caller names; a manifest read from a folder replaces an embedded one with the same id.
/// </summary>
public sealed class ManifestCatalog
{
    private readonly Dictionary<string, DataManifest> _byId;

    private ManifestCatalog(IEnumerable<DataManifest> manifests)
    {
        _byId = new Dictionary<string, DataManifest>(StringComparer.Ordinal);
        foreach (var m in manifests) _byId[m.Id] = m;
    }

    /// <summary>The manifests, ordered by id.</summary>
    public IReadOnlyList<DataManifest> Manifests => _byId.Values.OrderBy(m => m.Id, StringComparer.Ordinal).ToArray();

    /// <summary>The manifests embedded in this library.</summary>
    public static ManifestCatalog Embedded { get; } = new(EmbeddedYaml("data-manifests/")
        .Where(r => !r.Name.StartsWith("data-manifests/experiments/", StringComparison.Ordinal))
        .Select(r => ManifestYaml.Parse(r.Text, "embedded " + r.Name)));

    /// <summary>The embedded manifests plus the <c>*.yaml</c> files directly inside each of <paramref name="directories"/>.</summary>
    public static ManifestCatalog Load(params string[] directories) =>
        new(Embedded._byId.Values.Concat(directories.Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.yaml").Order(StringComparer.Ordinal))
            .Select(ManifestYaml.Load)));

    /// <summary>The manifest with this id.</summary>
    public DataManifest this[string id] => _byId.TryGetValue(id, out var m)
        ? m
        : throw new KeyNotFoundException($"Unknown data manifest '{id}'. Known: {string.Join(", ", _byId.Keys.Order())}.");

    /// <summary>Looks up <c>"manifest-id/file-name"</c>, e.g. <c>"scaling-primate-vvs/benchmark_scores.csv"</c>.</summary>
    public (DataManifest Manifest, ManifestFile File) Find(string reference)
    {
        var slash = reference.IndexOf('/');
        if (slash <= 0 || slash == reference.Length - 1)
            throw new ArgumentException($"Data reference '{reference}' must have the form <manifest-id>/<file-name>.", nameof(reference));
        var manifest = this[reference[..slash]];
        return (manifest, manifest.File(reference[(slash + 1)..]));
    }

    /// <summary>Embedded YAML resources whose logical name starts with <paramref name="prefix"/>.</summary>
    internal static IEnumerable<(string Name, string Text)> EmbeddedYaml(string prefix)
    {
        var assembly = typeof(ManifestCatalog).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)
                     && n.EndsWith(".yaml", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (name, reader.ReadToEnd());
        }
    }
}
