using VvsNotebook.Manifests;

namespace VvsNotebook.Experiments;

/// <summary>
/// Named experiments: the paper's 43 (embedded from <c>data-manifests/experiments/</c>) plus any read from folders;
/// a folder's experiment replaces an embedded one of the same name.
/// </summary>
public sealed class ExperimentCatalog
{
    private readonly Dictionary<string, Experiment> _byName = new(StringComparer.Ordinal);

    private ExperimentCatalog() { }

    /// <summary>The experiments, ordered by name.</summary>
    public IReadOnlyList<Experiment> Experiments => _byName.Values.OrderBy(e => e.Name, StringComparer.Ordinal).ToArray();

    public IReadOnlyCollection<string> Names => _byName.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// The experiments in the paper's figure order (Fig 1b, 2a, ..., 7d, then the supplement S1, S2, ...), by the first
    /// figure each names, then by name; experiments that name no figure (a user's) come last.
    /// </summary>
    public IReadOnlyList<Experiment> InFigureOrder => _byName.Values.OrderBy(e => FigureKey(e.Figure)).ThenBy(e => e.Name, StringComparer.Ordinal).ToArray();

    /// <summary>(supplement?, number, panel) of the first "Fig N[x]" / "Fig SN[x]" in <paramref name="figure"/>.</summary>
    public static (int Part, int Number, string Panel) FigureKey(string? figure)
    {
        var m = figure is null ? null : System.Text.RegularExpressions.Regex.Match(figure, @"Fig\.?\s*(S?)(\d+)([a-z]?)");
        return m is { Success: true }
            ? (m.Groups[1].Value == "S" ? 1 : 0, int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups[3].Value)
            : (2, 0, "");
    }

    /// <summary>The paper's experiments embedded in the library.</summary>
    public static ExperimentCatalog Paper { get; } = Build([], includeEmbedded: true);

    /// <summary>The paper's experiments plus the <c>*.yaml</c> files in <paramref name="directories"/>.</summary>
    public static ExperimentCatalog Load(params string[] directories) => Build(directories, includeEmbedded: true);

    private static ExperimentCatalog Build(IEnumerable<string> directories, bool includeEmbedded)
    {
        var catalog = new ExperimentCatalog();
        if (includeEmbedded)
            foreach (var (name, text) in ManifestCatalog.EmbeddedYaml("data-manifests/experiments/"))
                catalog.Add(ExperimentYaml.Parse(text, "embedded " + name, catalog.Find));
        foreach (var file in directories.Where(Directory.Exists)
                     .SelectMany(d => Directory.EnumerateFiles(d, "*.yaml").Order(StringComparer.Ordinal)))
            catalog.Add(ExperimentYaml.Load(file, catalog.Find));
        return catalog;
    }

    private void Add(Experiment e) => _byName[e.Name] = e;

    /// <summary>The experiment with this name, or null.</summary>
    public Experiment? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// An experiment by name, or from a YAML file when <paramref name="nameOrPath"/> is one (its <c>base:</c> may name a
    /// catalog experiment). Unknown names fail listing the known ones.
    /// </summary>
    public Experiment Get(string nameOrPath)
    {
        if (_byName.TryGetValue(nameOrPath, out var e)) return e;
        if (nameOrPath.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || nameOrPath.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            || File.Exists(nameOrPath))
            return ExperimentYaml.Load(nameOrPath, Find);
        throw new KeyNotFoundException($"Unknown experiment '{nameOrPath}'. Known: {string.Join(", ", Names)} (or give a .yaml file).");
    }
}
